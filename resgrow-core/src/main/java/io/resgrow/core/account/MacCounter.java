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
 * <p>It also sums the output elements per sample of every layer it reaches (convolutions, linear
 * layers, BatchNorm, activations, pooling: any block without children), {@link
 * #activationsPerSample()}: about what autograd keeps for the backward pass, the part of training
 * memory that grows with the batch. It is an accounting figure, not a measurement (libtorch may
 * keep less, by in-place operations, or more, by workspace).
 */
public final class MacCounter {

    /** One counted layer. @param block the layer @param macs its MACs per sample @param frozen whether it trains */
    public record Leaf(Block block, long macs, boolean frozen) {}

    private final List<Leaf> leaves = new ArrayList<>();
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
            throw new UnsupportedOperationException(block.getClass().getName()
                    + " has child blocks but does not implement MacsAware: implement"
                    + " io.resgrow.core.account.MacsAware to say how input flows through"
                    + " its children");
        }
        return outputs;
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
