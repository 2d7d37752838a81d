package io.resgrow.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.checkpoint.ParamsHash;
import io.resgrow.core.engine.FiniteCheck;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.engine.ThreadGradMode;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.TrainingReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One {@link TrainingRun#fit()}: initialises the network, resumes if asked, runs the strategy,
 * refuses non-finite parameters, evaluates on the test set and makes the report.
 */
final class RunExecution {

    /** What a run ended with: the trained network (a grown one, for the strategies that grow) and its report. */
    record Outcome(Block trained, TrainingReport report) {}

    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock(true);

    private RunExecution() {}

    /**
     * Runs.
     *
     * @param network the network as the run received it
     * @param settings the run's settings
     * @param manager where the network's parameters and the run's state live (the caller owns it)
     * @param initializers DJL initializers to set on a network that is not initialised yet
     * @param compared outside settings a resume compares
     * @param extraProvenance what the caller adds to the report's provenance
     * @param finish what the caller does with the outcome before the run lets go of its checkpoints
     * @return the trained network and the report
     */
    static Outcome run(
            Block network,
            RunSettings settings,
            NDManager manager,
            List<Pair<Initializer, Predicate<Parameter>>> initializers,
            Map<String, String> compared,
            Map<String, String> extraProvenance,
            Consumer<Outcome> finish) {
        // one run at a time per JVM: DJL allows one gradient collector, libtorch has one generator
        ONE_AT_A_TIME.lock();
        try {
            return runAlone(network, settings, manager, initializers, compared, extraProvenance, finish);
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }

    /**
     * Runs work that waits for trainings elsewhere while this thread's run lets go of the JVM's one
     * training at a time (a local Spark executor's task runs in this JVM), then takes it back.
     */
    static <T> T outside(Supplier<T> work) {
        int holds = ONE_AT_A_TIME.getHoldCount();
        for (int i = 0; i < holds; i++) {
            ONE_AT_A_TIME.unlock();
        }
        try {
            return work.get();
        } finally {
            for (int i = 0; i < holds; i++) {
                ONE_AT_A_TIME.lock();
            }
        }
    }

    private static Outcome runAlone(
            Block network,
            RunSettings settings,
            NDManager manager,
            List<Pair<Initializer, Predicate<Parameter>>> initializers,
            Map<String, String> compared,
            Map<String, String> extraProvenance,
            Consumer<Outcome> finish) {
        Device device = settings.devices()[0];
        ThreadGradMode.offInThisThread();
        if (settings.checkpoints() != null) {
            settings.checkpoints().lock();
        }
        TrainingContext context = null;
        try {
            if (!network.isInitialized()) {
                // initialisation draws from libtorch's global generator: seeded for it, from the run seed
                Engine.getInstance().setRandomSeed((int) settings.seed());
                initializers.forEach(p -> network.setInitializer(p.getKey(), p.getValue()));
                network.initialize(manager, DataType.FLOAT32, batchOf(settings.inputShape()));
            }
            context = new TrainingContext(network, settings, manager, compared);
            context.prepareResume();
            settings.strategy().run(context);
            context.finishReplay();
            Block trained = context.network();
            String bad = FiniteCheck.firstNonFinite(context.names(null));
            if (bad != null) {
                List<PhaseResult> phases = context.phaseResults();
                throw new DivergenceException(
                        phases.isEmpty()
                                ? "(none)"
                                : phases.get(phases.size() - 1).name(),
                        context.history().epochCount(),
                        0,
                        0,
                        "parameter " + bad + " holds NaN or infinite values" + " after the last phase",
                        settings.checkpoints() != null);
            }
            RunEvaluator.Evaluation test = settings.test() == null
                    ? null
                    : RunEvaluator.evaluate(
                            trained,
                            settings.test(),
                            settings.evalBatchSize(),
                            device,
                            b -> settings.preprocess().apply(b, null),
                            settings.evaluationListener(
                                    "test", "end", context.history().epochCount()),
                            settings.objective(),
                            "test");
            // the run's settings as a resume compares them, the versions, then what the caller added
            Map<String, String> provenance = new LinkedHashMap<>(context.provenance());
            provenance.putAll(RunProvenance.versions());
            provenance.putAll(extraProvenance);
            TrainingReport report = new TrainingReport(
                    settings.strategy().describe(),
                    test == null ? null : test.accuracy(),
                    context.seconds(),
                    ParameterCount.learnable(trained),
                    ParamsHash.of(trained),
                    context.history().epochs(),
                    context.history().events(),
                    TrainingReport.bestEpoch(context.history().epochs()),
                    provenance,
                    test == null ? Map.of() : test.metrics());
            Outcome outcome = new Outcome(trained, report);
            // report, save and listeners while the checkpoint directory is still locked
            finish.accept(outcome);
            return outcome;
        } finally {
            if (context != null) {
                context.releaseOptimizers();
            }
            if (settings.checkpoints() != null) {
                settings.checkpoints().close();
            }
        }
    }

    /**
     * Returns a sample shape with a batch dimension of 1.
     *
     * @param sample e.g. (1, 28, 28)
     * @return e.g. (1, 1, 28, 28)
     */
    static Shape batchOf(Shape sample) {
        long[] dims = new long[sample.dimension() + 1];
        dims[0] = 1;
        System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
        return new Shape(dims);
    }
}
