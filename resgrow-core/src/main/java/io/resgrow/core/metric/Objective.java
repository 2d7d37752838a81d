package io.resgrow.core.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loss a run minimises and the DJL {@link Evaluator}s it reports, as a DJL {@code
 * TrainingConfig} holds them. The loss is evaluated as DJL's {@code Trainer} does ({@code
 * loss.evaluate(labels, predictions)}, one value per batch, which backward differentiates); each
 * evaluator keeps one accumulator per data set ({@code "train"}, {@code "validation"}, {@code
 * "test"}) through DJL's accumulator methods, so any evaluator DJL's {@code EasyTrain} can run is
 * computed here the same way. Reading an evaluator's accumulator synchronises with the device once
 * per batch (DJL's accuracies read their counts): runs without evaluators pay nothing.
 *
 * <p>Training-batch values cover the batches of the epoch that ran in this process: an epoch
 * resumed from a checkpoint in the middle reports them over the batches after the resume (the
 * training loss and accuracy are exact, as they are kept in the checkpoint).
 */
public final class Objective {

    private static final Objective CLASSIFICATION = new Objective(Loss.softmaxCrossEntropyLoss(), List.of());

    private final Loss loss;
    private final List<Evaluator> evaluators;

    private Objective(Loss loss, List<Evaluator> evaluators) {
        this.loss = loss;
        this.evaluators = List.copyOf(evaluators);
    }

    /**
     * Returns the default: softmax cross-entropy on integer class labels, no evaluators (the run
     * still reports top-1 accuracy, as always).
     *
     * @return the objective
     */
    public static Objective classification() {
        return CLASSIFICATION;
    }

    /**
     * Makes an objective.
     *
     * @param loss the loss to minimise
     * @param evaluators the evaluators to report, each under its DJL name ({@code getName()}),
     *     which must differ from the others'
     * @return the objective
     * @throws InvalidSettingException for a null loss or evaluator, or two evaluators of one name
     */
    public static Objective of(Loss loss, List<? extends Evaluator> evaluators) {
        Check.notNull("loss", loss);
        Check.notNull("evaluators", evaluators);
        Set<String> names = new HashSet<>();
        List<Evaluator> kept = new ArrayList<>();
        for (Evaluator e : evaluators) {
            if (e == null) {
                throw new InvalidSettingException(
                        "evaluators", "a null entry", "DJL Evaluator objects", "remove the null entry");
            }
            if (!names.add(e.getName())) {
                throw new InvalidSettingException(
                        "evaluators",
                        "two evaluators named " + e.getName(),
                        "evaluators with different names (reports key values by name)",
                        "give one a name of its own, e.g. new TopKAccuracy(\"top3\", 3)");
            }
            kept.add(e);
        }
        return new Objective(loss, kept);
    }

    /**
     * Returns the loss.
     *
     * @return the loss
     */
    public Loss loss() {
        return loss;
    }

    /**
     * Returns the evaluators, in the order given.
     *
     * @return the evaluators
     */
    public List<Evaluator> evaluators() {
        return evaluators;
    }

    /**
     * Evaluates the loss of a batch as the value backward differentiates.
     *
     * @param labels the labels
     * @param predictions the network's output
     * @return the loss (a scalar for DJL's losses, which average over the batch)
     */
    public NDArray lossOf(NDArray labels, NDArray predictions) {
        return loss.evaluate(new NDList(labels), new NDList(predictions));
    }

    /**
     * Starts (or restarts) the evaluators' accumulators of a data set.
     *
     * @param set e.g. {@code "train"}
     */
    public void begin(String set) {
        for (Evaluator e : evaluators) {
            e.addAccumulator(set);
        }
    }

    /**
     * Adds one batch to the evaluators' accumulators of a data set. Call it outside a gradient
     * collector: nothing here should be recorded for backward.
     *
     * @param set e.g. {@code "train"}
     * @param labels the batch's labels
     * @param predictions the network's output for it
     */
    public void update(String set, NDArray labels, NDArray predictions) {
        if (evaluators.isEmpty()) {
            return;
        }
        NDList l = new NDList(labels);
        NDList p = new NDList(predictions);
        for (Evaluator e : evaluators) {
            e.updateAccumulator(set, l, p);
        }
    }

    /**
     * Reads the evaluators' values for a data set.
     *
     * @param set e.g. {@code "train"}
     * @return evaluator name to value, in the evaluators' order (empty without evaluators)
     */
    public Map<String, Double> read(String set) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Evaluator e : evaluators) {
            values.put(e.getName(), (double) e.getAccumulator(set));
        }
        return values;
    }

    /**
     * Describes the loss and evaluators by their DJL names.
     *
     * @return e.g. {@code SoftmaxCrossEntropyLoss [Accuracy, top3]}
     */
    @Override
    public String toString() {
        return loss.getName() + " "
                + evaluators.stream().map(Evaluator::getName).toList();
    }
}
