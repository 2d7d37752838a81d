package io.resgrow.models.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.Check;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;

/**
 * A pre-activation basic residual block with an explicit step size {@code h} (Chang et al. 2018,
 * eq. 3): {@code Y + h * F(Y)} with {@code F = BN-ReLU-conv3x3-BN-ReLU-conv3x3}, convolutions
 * without bias. Where the shape changes the shortcut has no parameters: stride-2 subsampling and
 * zero-padded channels.
 */
public final class PreActBlock extends AbstractBlock implements MacsAware {

    private final int inChannels;
    private final int outChannels;
    private final int stride;
    private double stepSize;
    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Conv2d conv2;

    /**
     * Creates the block.
     *
     * @param inChannels input channels
     * @param outChannels output channels (>= input channels)
     * @param stride 1 or 2
     * @param stepSize the step size h, > 0
     */
    public PreActBlock(int inChannels, int outChannels, int stride, double stepSize) {
        Check.positive("inChannels", inChannels);
        Check.positive("outChannels", outChannels);
        if (stride != 1 && stride != 2) {
            throw new io.resgrow.core.InvalidSettingException("stride", stride, "1 or 2",
                    "use stride 2 at the first block of a down-sampling stage, else 1");
        }
        if (outChannels < inChannels) {
            throw new io.resgrow.core.InvalidSettingException("outChannels", outChannels,
                    ">= inChannels (" + inChannels + ") for a zero-padding shortcut",
                    "make widths non-decreasing");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.stepSize = Check.positive("stepSize", stepSize);
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        conv1 = addChildBlock("conv1", conv(outChannels, stride));
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        conv2 = addChildBlock("conv2", conv(outChannels, 1));
    }

    private static Conv2d conv(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build();
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
     * Returns the input channels.
     *
     * @return channels
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * Returns the output channels.
     *
     * @return channels
     */
    public int outChannels() {
        return outChannels;
    }

    /**
     * Returns the stride.
     *
     * @return 1 or 2
     */
    public int stride() {
        return stride;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray r = bn1.forward(ps, inputs, training).singletonOrThrow();
        r = conv1.forward(ps, new NDList(Activation.relu(r)), training).singletonOrThrow();
        r = bn2.forward(ps, new NDList(r), training).singletonOrThrow();
        r = conv2.forward(ps, new NDList(Activation.relu(r)), training).singletonOrThrow();
        return new NDList(shortcut(x).add(stepSize == 1.0 ? r : r.mul(stepSize)));
    }

    private NDArray shortcut(NDArray x) {
        NDArray s = stride == 2 ? x.get(new NDIndex(":, :, ::2, ::2")) : x;
        if (outChannels == inChannels) {
            return s;
        }
        Shape shape = s.getShape();
        NDArray zeros = s.getManager().zeros(
                new Shape(shape.get(0), outChannels - inChannels, shape.get(2), shape.get(3)),
                s.getDataType(), s.getDevice());
        return NDArrays.concat(new NDList(s, zeros), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long h = (in.get(2) + stride - 1) / stride;
        long w = (in.get(3) + stride - 1) / stride;
        return new Shape[] {new Shape(in.get(0), outChannels, h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bn1.initialize(manager, dataType, inputShapes);
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] mid = conv1.getOutputShapes(inputShapes);
        bn2.initialize(manager, dataType, mid);
        conv2.initialize(manager, dataType, mid);
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        counter.visit(bn1, inputs);
        Shape[] mid = counter.visit(conv1, inputs);
        counter.visit(bn2, mid);
        return counter.visit(conv2, mid);
    }

    @Override
    public String toString() {
        return "PreActBlock(" + inChannels + "->" + outChannels + ", stride " + stride + ", h "
                + stepSize + ")";
    }
}
