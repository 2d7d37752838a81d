package io.resgrow.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.freeze.FreezableBlock;
import io.resgrow.core.placement.BranchRoute;
import io.resgrow.core.placement.Routable;
import java.util.ArrayList;
import java.util.List;

/**
 * A residual block {@code shortcut(Y) + h * sum_i F_i(Y)} with one or more pre-activation
 * residual functions: with one function it is the pre-activation basic block with step size
 * {@code h} of Chang et al. (2018, eq. 3); with {@code k} functions it is the multi-residual block
 * of Abdi and Nahavandi (2016). Where the shape changes the shortcut subsamples and zero-pads
 * ({@link Shortcut#ZERO_PAD}) or projects with a 1x1 convolution ({@link Shortcut#PROJECTION}).
 *
 * <p>The functions are {@link Routable}: with a route they run on their slots' devices and their
 * sum comes back to the block's input device, where the shortcut is added (Abdi and Nahavandi,
 * section 4).
 */
public final class ResidualBlock extends AbstractBlock implements MacsAware, Routable {

    private final int inChannels;
    private final int outChannels;
    private final int stride;
    private final Shortcut shortcutKind;
    private final List<ResidualFunction> functions = new ArrayList<>();
    private final List<FreezableBlock> branches = new ArrayList<>();
    private final Conv2d projection;
    private double stepSize;
    private volatile BranchRoute route;

    /**
     * Creates a block.
     *
     * @param inChannels input channels
     * @param outChannels output channels
     * @param stride 1 or 2
     * @param stepSize h, > 0
     * @param shortcut how the shortcut changes shape
     * @param functions the residual functions (each mapping in to out channels with the stride)
     */
    public ResidualBlock(
            int inChannels,
            int outChannels,
            int stride,
            double stepSize,
            Shortcut shortcut,
            List<ResidualFunction> functions) {
        Check.positive("inChannels", inChannels);
        Check.positive("outChannels", outChannels);
        if (stride != 1 && stride != 2) {
            throw new InvalidSettingException(
                    "stride", stride, "1 or 2", "use stride 2 at the first block of a down-sampling stage, else 1");
        }
        if (functions.isEmpty()) {
            throw new InvalidSettingException("k", 0, "at least 1 residual function per block", "use k >= 1");
        }
        boolean changes = stride != 1 || inChannels != outChannels;
        if (changes && shortcut == Shortcut.ZERO_PAD && outChannels < inChannels) {
            throw new InvalidSettingException(
                    "outChannels",
                    outChannels,
                    ">= inChannels (" + inChannels + ") for a zero-padding shortcut",
                    "make widths non-decreasing or use projection shortcuts");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.shortcutKind = shortcut;
        this.stepSize = Check.positive("stepSize", stepSize);
        for (int i = 0; i < functions.size(); i++) {
            this.functions.add(functions.get(i));
            this.branches.add(addChildBlock("f" + (i + 1), FreezableBlock.wrap(functions.get(i))));
        }
        projection = changes && shortcut == Shortcut.PROJECTION
                ? addChildBlock(
                        "projection",
                        Conv2d.builder()
                                .setKernelShape(new Shape(1, 1))
                                .optStride(new Shape(stride, stride))
                                .setFilters(outChannels)
                                .optBias(false)
                                .build())
                : null;
    }

    /**
     * Creates a basic pre-activation block with one residual function.
     *
     * @param in input channels
     * @param out output channels
     * @param stride 1 or 2
     * @param h the step size
     * @return the block
     */
    public static ResidualBlock basic(int in, int out, int stride, double h) {
        return new ResidualBlock(
                in, out, stride, h, Shortcut.ZERO_PAD, List.of(ResidualFunction.basic(out, stride, 0)));
    }

    /**
     * Returns a new block of the same structure (parameters not initialised or copied).
     *
     * @return the twin
     */
    public ResidualBlock twin() {
        return twin(inChannels, stride);
    }

    /**
     * Returns a new block with this block's output width, step size, shortcut kind and function
     * structure, for another input width and stride.
     *
     * @param in input channels
     * @param newStride the stride
     * @return the new block
     */
    public ResidualBlock twin(int in, int newStride) {
        List<ResidualFunction> fs = new ArrayList<>();
        for (ResidualFunction f : functions) {
            fs.add(f.twin(newStride));
        }
        return new ResidualBlock(in, outChannels, newStride, stepSize, shortcutKind, fs);
    }

    /**
     * Returns the step size h.
     *
     * @return h
     */
    public double stepSize() {
        return stepSize;
    }

    /**
     * Sets the step size h (interpolation halves it).
     *
     * @param h the new step size, > 0
     */
    public void setStepSize(double h) {
        this.stepSize = Check.positive("stepSize", h);
    }

    /**
     * Returns whether input and output shapes differ.
     *
     * @return true for a down-sampling or widening block
     */
    public boolean changesShape() {
        return stride != 1 || inChannels != outChannels;
    }

    /**
     * Returns the residual functions.
     *
     * @return the functions F_i
     */
    public List<ResidualFunction> functions() {
        return List.copyOf(functions);
    }

    /**
     * Returns the residual functions, each wrapped so it can be frozen or placed alone.
     *
     * @return the branches, in the order of {@link #functions()}
     */
    public List<FreezableBlock> branches() {
        return List.copyOf(branches);
    }

    /**
     * Returns input channels.
     *
     * @return channels
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * Returns output channels.
     *
     * @return channels
     */
    public int outChannels() {
        return outChannels;
    }

    /**
     * Computes {@code h * sum_i F_i(Y)} alone (for residual-module norms).
     *
     * @param ps the parameter store
     * @param inputs Y
     * @param training whether in training mode
     * @return the residual term
     */
    public NDArray residual(ParameterStore ps, NDList inputs, boolean training) {
        BranchRoute r = route;
        NDArray sum =
                r != null ? r.sum(branches, ps, inputs, training) : BranchRoute.sumHere(branches, ps, inputs, training);
        if (stepSize == 1.0) {
            return sum;
        }
        // a native scalar: autograd keeps it for backward (muli(double) would not: NativeArrays)
        try (NDArray h = NativeArrays.scalar(sum, stepSize)) {
            return sum.muli(h);
        }
    }

    @Override
    public void route(BranchRoute route) {
        this.route = route;
    }

    @Override
    public BranchRoute route() {
        return route;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // in place: neither a scalar product nor a sum needs its operands' values for backward,
        // and r is a fresh output of this block, so no new (batch x channels x H x W) arrays
        NDArray r = residual(ps, inputs, training);
        return new NDList(r.addi(shortcut(ps, inputs, training)));
    }

    private NDArray shortcut(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        if (!changesShape()) {
            return x;
        }
        if (projection != null) {
            return projection.forward(ps, inputs, training).singletonOrThrow();
        }
        NDArray s = stride == 2 ? x.get(new NDIndex(":, :, ::2, ::2")) : x;
        Shape shape = s.getShape();
        NDArray zeros = s.getManager()
                .zeros(
                        new Shape(shape.get(0), outChannels - inChannels, shape.get(2), shape.get(3)),
                        s.getDataType(),
                        s.getDevice());
        return NDArrays.concat(new NDList(s, zeros), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {
            new Shape(in.get(0), outChannels, (in.get(2) + stride - 1) / stride, (in.get(3) + stride - 1) / stride)
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block f : branches) {
            f.initialize(manager, dataType, inputShapes);
        }
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        for (Block f : branches) {
            counter.visit(f, inputs);
        }
        if (projection != null) {
            counter.visit(projection, inputs);
        }
        return getOutputShapes(inputs);
    }

    @Override
    public String toString() {
        return "ResidualBlock(" + inChannels + "->" + outChannels + ", stride " + stride + ", k " + functions.size()
                + ", h " + stepSize + ", " + shortcutKind + ")";
    }
}
