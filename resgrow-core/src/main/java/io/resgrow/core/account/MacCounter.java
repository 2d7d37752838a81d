package io.resgrow.core.account;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts multiply-accumulate operations (MACs) per sample of convolutions and linear layers from
 * shapes alone, without running the network. Other layers (BatchNorm, activations, pooling,
 * additions) are not counted, as is usual in the papers this library follows. FLOPs are {@code 2 x
 * MACs}.
 *
 * <p>Training cost per sample and step, as {@link #trainingFlopsPerSample()} counts it: the
 * forward pass costs {@code 2 x MACs} of every layer; the backward pass costs {@code 4 x MACs} of
 * every layer with trainable parameters (gradients for its input and for its weights) and {@code 2
 * x MACs} of a frozen layer that comes after the first trainable layer in visiting order (the
 * gradient must pass through it to reach the trainable ones); frozen layers before any trainable
 * one cost nothing backward. Parallel branches are visited one after the other, so a frozen branch
 * visited after a trainable one is charged as if the gradient passed through it: for such networks
 * the figure is an upper bound.
 *
 * <p>A composite block it does not know (a user's own {@code AbstractBlock} with children) never
 * stops training: it is listed in {@link #unknownBlocks()} and its MACs are left out, so the
 * figures are lower bounds; {@link #teach} counts such a block in one line, and a block that
 * implements {@link MacsAware} says how its input flows through its children.
 *
 * <p>It also sums the output elements per sample of every layer it reaches (convolutions, linear
 * layers, BatchNorm, activations, pooling: any block without children), {@link
 * #activationsPerSample()}: about what autograd keeps for the backward pass, the part of training
 * memory that grows with the batch. It is an accounting figure, not a measurement (libtorch may
 * keep less, by in-place operations, or more, by workspace).
 */
public final class MacCounter {

    /** One counted layer. @param block the layer @param macs its MACs per sample @param frozen whether it trains */
    public record Leaf(Block block, long macs, boolean frozen) {}

    /** Block types the user taught the counter, for every run in this JVM. */
    private static final Map<Class<?>, LayerMacs<?>> TAUGHT = new ConcurrentHashMap<>();

    private final List<Leaf> leaves = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();
    private long activations;

    /**
     * Counts a block.
     *
     * @param block the block (initialised or not)
     * @param inputShapes its input shapes, batch dimension included (use 1)
     * @return the counter with the layers found
     */
    public static MacCounter count(Block block, Shape... inputShapes) {
        MacCounter counter = new MacCounter();
        counter.visit(block, inputShapes);
        return counter;
    }

    /**
     * Counts blocks that run one after the other, each on the previous one's output (the planned
     * sub-networks of a growing network, say).
     *
     * @param blocks the blocks, in order
     * @param inputShapes the first one's input shapes, batch dimension included (use 1)
     * @return the counter with the layers found
     */
    public static MacCounter countInOrder(List<? extends Block> blocks, Shape... inputShapes) {
        MacCounter counter = new MacCounter();
        Shape[] shapes = inputShapes;
        for (Block b : blocks) {
            shapes = counter.visit(b, shapes);
        }
        return counter;
    }

    /**
     * Counts the MACs of each of several blocks that read the same input (the branches of a block).
     *
     * @param blocks the blocks
     * @param inputShapes their common input shapes, batch dimension included
     * @return the MACs of each block, in order
     */
    public static long[] each(List<? extends Block> blocks, Shape... inputShapes) {
        long[] macs = new long[blocks.size()];
        for (int i = 0; i < macs.length; i++) {
            macs[i] = count(blocks.get(i), inputShapes).macs();
        }
        return macs;
    }

    /**
     * Visits one block with the shapes it receives.
     *
     * @param block the block
     * @param inputs its input shapes
     * @return its output shapes
     */
    public Shape[] visit(Block block, Shape[] inputs) {
        if (block instanceof MacsAware aware) {
            return aware.countMacs(this, inputs);
        }
        LayerMacs<?> teach = taught(block.getClass());
        if (teach != null) {
            return visitTaught(block, teach, inputs);
        }
        if (block instanceof SequentialBlock seq) {
            Shape[] shapes = inputs;
            for (Block child : seq.getChildren().values()) {
                shapes = visit(child, shapes);
            }
            return shapes;
        }
        if (block instanceof ParallelBlock par) {
            for (Block child : par.getChildren().values()) {
                visit(child, inputs);
            }
            return block.getOutputShapes(inputs);
        }
        Shape[] outputs = block.getOutputShapes(inputs);
        if (block.getChildren().isEmpty()) {
            for (Shape out : outputs) {
                activations += out.size() / out.get(0);
            }
        }
        if (block instanceof Convolution conv) {
            long inChannels = inputs[0].get(1);
            long spatial = 1;
            for (int d = 2; d < outputs[0].dimension(); d++) {
                spatial *= outputs[0].get(d);
            }
            long macs = conv.getFilters()
                    * (inChannels / conv.getGroups())
                    * conv.getKernelShape().size()
                    * spatial;
            leaves.add(new Leaf(block, macs, isFrozen(block)));
        } else if (block instanceof Linear) {
            Shape in = inputs[0];
            long inFeatures = in.get(in.dimension() - 1);
            long units = outputs[0].get(outputs[0].dimension() - 1);
            long rows = in.size() / inFeatures / in.get(0);
            leaves.add(new Leaf(block, inFeatures * units * rows, isFrozen(block)));
        } else if (!block.getChildren().isEmpty()) {
            // a composite of the user's: how input flows through its children is not known
            unknown.add(block.getClass().getName());
        }
        return outputs;
    }

    /** Counts a block the user taught the counter ({@link #teach}) as one layer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Shape[] visitTaught(Block block, LayerMacs taught, Shape[] inputs) {
        Shape[] outputs = block.getOutputShapes(inputs);
        for (Shape out : outputs) {
            activations += out.size() / out.get(0);
        }
        leaves.add(new Leaf(block, taught.macs(block, inputs, outputs), isFrozen(block)));
        return outputs;
    }

    /**
     * How many MACs per sample one block of a type costs, given its input and output shapes (batch
     * dimension 1).
     *
     * @param <B> the block type
     */
    @FunctionalInterface
    public interface LayerMacs<B extends Block> {
        /**
         * Counts one block.
         *
         * @param block the block
         * @param inputs its input shapes
         * @param outputs its output shapes
         * @return MACs per sample
         */
        long macs(B block, Shape[] inputs, Shape[] outputs);
    }

    /**
     * Teaches the counter a block type of the user's, counted from then on as one layer with the
     * given MACs (its children, if any, are not visited), in every run of this JVM. Without it a
     * composite block the counter does not know trains all the same, and its MACs are reported as
     * unknown ({@link #unknownBlocks()}).
     *
     * <pre>{@code MacCounter.teach(MyBlock.class, (b, in, out) -> 2 * in[0].size() * b.units());}</pre>
     *
     * @param type the block's class (its subclasses too)
     * @param macs how to count one
     * @param <B> the block type
     */
    public static <B extends Block> void teach(Class<B> type, LayerMacs<? super B> macs) {
        TAUGHT.put(type, macs);
    }

    /**
     * Forgets what {@link #teach} taught about a type.
     *
     * @param type the block's class
     */
    public static void forget(Class<? extends Block> type) {
        TAUGHT.remove(type);
    }

    private static LayerMacs<?> taught(Class<?> type) {
        for (Map.Entry<Class<?>, LayerMacs<?>> e : TAUGHT.entrySet()) {
            if (e.getKey().isAssignableFrom(type)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Returns the composite blocks whose MACs could not be counted (they have children, are not
     * {@code SequentialBlock}, {@code ParallelBlock} or {@link MacsAware}, and were not taught):
     * {@link #macs()} and the FLOP figures leave them out and are lower bounds.
     *
     * @return their class names, in visiting order
     */
    public List<String> unknownBlocks() {
        return List.copyOf(unknown);
    }

    /**
     * Returns whether every block was counted.
     *
     * @return true if {@link #unknownBlocks()} is empty
     */
    public boolean complete() {
        return unknown.isEmpty();
    }

    /**
     * Returns the counted layers in visiting order.
     *
     * @return the layers
     */
    public List<Leaf> leaves() {
        return List.copyOf(leaves);
    }

    /**
     * Returns MACs per sample of all counted layers.
     *
     * @return the total
     */
    public long macs() {
        return leaves.stream().mapToLong(Leaf::macs).sum();
    }

    /**
     * Returns the output elements per sample of every layer without children that was visited
     * (see the class documentation).
     *
     * @return elements per sample
     */
    public long activationsPerSample() {
        return activations;
    }

    /**
     * Returns MACs per sample of the layers that train.
     *
     * @return the trainable part
     */
    public long trainableMacs() {
        return leaves.stream().filter(l -> !l.frozen()).mapToLong(Leaf::macs).sum();
    }

    /**
     * Returns the training FLOPs per sample for one step (forward and backward, see the class
     * documentation for the rule).
     *
     * @return FLOPs per sample
     */
    public double trainingFlopsPerSample() {
        double flops = 0;
        boolean gradientFlows = false;
        for (Leaf leaf : leaves) {
            flops += 2.0 * leaf.macs();
            if (!leaf.frozen()) {
                flops += 4.0 * leaf.macs();
                gradientFlows = true;
            } else if (gradientFlows) {
                flops += 2.0 * leaf.macs();
            }
        }
        return flops;
    }

    private static boolean isFrozen(Block block) {
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                return false;
            }
        }
        return true;
    }
}
