package io.resgrow.core;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.network.SavedNetwork;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One training run of a network with a strategy. Build it with {@link ResGrow#train}, then call
 * {@link #fit()}; close it to free what it created ({@link #close()}).
 *
 * <p>One run trains at a time in a JVM: DJL allows one gradient collector per JVM, so {@code fit()}
 * calls from several threads take turns (each waits for the one before to finish) and never mix
 * their steps.
 */
public final class TrainingRun implements AutoCloseable {

    private final Block network;
    private final Model model;
    private final List<Pair<Initializer, Predicate<Parameter>>> initializers;
    private final RunSettings settings;
    private final Path reportDir;
    private final Path saveDir;
    private final Map<String, String> extraProvenance;
    private final Map<String, String> compared;
    private NDManager owned;
    private boolean closed;
    private Block trained;
    private TrainingReport last;

    TrainingRun(RunDraft d, RunSettings settings) {
        this.network = d.network;
        this.model = d.model;
        this.initializers = List.copyOf(d.initializers);
        this.settings = settings;
        this.reportDir = d.reportDir;
        this.saveDir = d.saveDir;
        this.extraProvenance = new LinkedHashMap<>(d.provenance);
        this.compared = new LinkedHashMap<>(d.compared);
    }

    /**
     * Writes the network the last {@link #fit()} trained into a directory: DJL's parameter file
     * and {@code model.json}, from which {@code io.resgrow.models.SavedNetworks.load} builds it
     * again (see {@link SavedNetwork}).
     *
     * @param dir the directory (created if needed)
     * @return the card written
     */
    public SavedNetwork.Card save(Path dir) {
        if (last == null) {
            throw new IllegalStateException("nothing to save: call fit() first");
        }
        SavedNetwork.Card card = new SavedNetwork.Card(
                SavedNetwork.FORMAT,
                SavedNetwork.architectureOf(trained),
                settings.inputShape().getShape(),
                settings.train().classes(),
                settings.preprocess().settings(),
                last.strategy(),
                last.testAccuracy());
        SavedNetwork.save(trained, card, dir);
        return card;
    }

    /**
     * Returns the network the run trains (grown in place by the strategies that grow).
     *
     * @return the network
     */
    public Block network() {
        return network;
    }

    /**
     * Returns the settings.
     *
     * @return the validated settings
     */
    public RunSettings settings() {
        return settings;
    }

    /**
     * Runs the strategy, evaluates on the test set and returns the report (also written as {@code
     * report.json} when a report directory was set).
     *
     * @return the report
     */
    public TrainingReport fit() {
        if (closed) {
            throw new IllegalStateException("this run was closed: build a new one to train again");
        }
        NDManager manager = model != null ? model.getNDManager() : owned();
        return RunExecution.run(network, settings, manager, initializers, compared, extraProvenance, outcome -> {
                    TrainingReport report = outcome.report();
                    if (reportDir != null) {
                        report.writeJson(reportDir);
                    }
                    this.trained = outcome.trained();
                    this.last = report;
                    if (model != null && model.getBlock() != trained) {
                        model.setBlock(trained);
                    }
                    if (saveDir != null) {
                        save(saveDir);
                    }
                    settings.listeners().onEnd(report);
                })
                .report();
    }

    /**
     * Frees what the run created: for a run built from a block, the manager its parameters and
     * optimizer state live on (the trained network cannot be used afterwards: save it or copy it
     * first). A run built from a DJL {@code Model} leaves the model's parameters alone (they live on
     * the model's manager; {@code model.close()} frees them). Closing twice does nothing.
     */
    @Override
    public void close() {
        closed = true;
        if (owned != null) {
            owned.close();
            owned = null;
        }
    }

    /** The manager a run from a bare block owns: made at the first fit, on the run's first device. */
    private NDManager owned() {
        if (owned == null) {
            owned = NDManager.newBaseManager(settings.devices()[0]);
        }
        return owned;
    }
}
