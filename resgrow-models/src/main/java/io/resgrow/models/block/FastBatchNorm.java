package io.resgrow.models.block;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Batch normalisation over the channels (axis 1) of an NCHW batch, as DJL's {@code
 * ai.djl.nn.norm.BatchNorm} with its defaults (momentum 0.9 for the running statistics, epsilon
 * 1e-5, learnable scale and shift), with the same parameters under the same names ({@code gamma},
 * {@code beta}, {@code runningMean}, {@code runningVar}) and the same encoding, so either block
 * loads the other's parameter files (DJL's loading is positional). Its simple name differs from
 * DJL's on purpose (one file can import both); a {@code SequentialBlock} names its children after
 * it ({@code 01FastBatchNorm}).
 *
 * <p>It exists for speed. On the PyTorch engine DJL's {@code BatchNorm} with axis 1 swaps axes 1
 * and 1 before and after the native batch norm, inside a manager of its own: two identity
 * transposes per call, each a native call and a node of autograd's backward graph (38 and 38 per
 * step of ResNet-20). libtorch's batch norm normalises axis 1 already; this block asks DJL's
 * PyTorch engine for it without the swaps (its "axis -1" path, which passes the input through
 * unchanged). The results are the same bit for bit. On another engine it asks for axis 1.
 */
public final class FastBatchNorm extends AbstractBlock {

    /** DJL's BatchNorm's encoding version (input shapes, then channels), so that files are interchangeable. */
    private static final byte VERSION = 2;

    private static final float MOMENTUM = 0.9f;
    private static final float EPSILON = 1e-5f;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;

    /** A batch norm whose channel count is read from the first input shape at initialisation. */
    public FastBatchNorm() {
        super(VERSION);
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .build());
        beta = addParameter(
                Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder()
                .setName("runningMean")
                .setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false)
                .build());
        runningVar = addParameter(Parameter.builder()
                .setName("runningVar")
                .setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false)
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        // PyTorch's batch norm normalises axis 1 when asked for "-1"; any other engine reads -1 as
        // the last axis and takes axis 1 (with its swaps) instead
        int axis = "PyTorch".equals(x.getManager().getEngine().getEngineName()) ? -1 : 1;
        return x.getNDArrayInternal()
                .batchNorm(
                        x,
                        store.getValue(runningMean, device, training),
                        store.getValue(runningVar, device, training),
                        store.getValue(gamma, device, training),
                        store.getValue(beta, device, training),
                        axis,
                        MOMENTUM,
                        EPSILON,
                        training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException(
                    "BatchNorm: unsupported encoding version " + loadVersion + " (DJL's BatchNorm writes 1 or 2)");
        }
        channels = is.readLong();
    }
}
