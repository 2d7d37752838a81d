package io.resgrow.bench.peers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.EpochOrder;
import io.resgrow.core.data.FloatArraySource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedRmsProp;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.models.resnet.ResNetBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * resgrow's side of the lock-step check (see {@code incremental_aligned.py}): the full network of
 * {@code bench incremental} with the peer's initial parameters, trained for one epoch on the
 * peer's batches in the peer's order (no preprocessing or augmentation here: the files hold
 * normalised, augmented images), printing the same losses and the validation accuracy. With a
 * second argument it loads those parameters (e.g. the peer's trained {@code final.bin}) and only
 * evaluates them with resgrow's evaluator.
 *
 * <pre>java -cp resgrow-bench/target/resgrow-bench.jar io.resgrow.bench.peers.IncrementalAligned DIR [final.bin]</pre>
 */
public final class IncrementalAligned {

    private static final int IMAGE = 28 * 28;
    private static final int BATCH = 128;

    private IncrementalAligned() {}

    /**
     * Images and labels from the peer's files, visited in the order {@code positions} gives (null:
     * as stored).
     */
    record Source(FloatArraySource data, int[] positions) implements BatchSource {

        /** The peer's 1x28x28 images of 10 classes, in {@code positions}' order. */
        Source(float[] x, int[] y, int[] positions) {
            this(new FloatArraySource(x, y, 10, 1, 28, 28), positions);
        }

        @Override
        public int count() {
            return data.count();
        }

        @Override
        public int classes() {
            return data.classes();
        }

        @Override
        public int label(int index) {
            return data.label(at(index));
        }

        @Override
        public HostBatch batch(int[] indices) {
            int[] stored = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                stored[i] = at(indices[i]);
            }
            return data.batch(stored);
        }

        private int at(int index) {
            return positions == null ? index : positions[index];
        }
    }

    /**
     * Runs the check.
     *
     * @param args the directory incremental_aligned.py wrote, and optionally a parameter file in
     *     it to evaluate instead of training
     * @throws Exception if a file cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        float[] xb = floats(dir.resolve("xb.bin"));
        int[] yb = ints(dir.resolve("yb.bin"));
        int n = yb.length - yb.length % BATCH;
        // the engine visits sample order[i] i-th (phase 0, epoch 0): make that the peer's i-th image
        int[] order = EpochOrder.permutation(n, 42, 0, 0);
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[order[i]] = i;
        }
        BatchSource train = new Source(Arrays.copyOf(xb, n * IMAGE), Arrays.copyOf(yb, n), positions);
        BatchSource validation = new Source(floats(dir.resolve("xva.bin")), ints(dir.resolve("yva.bin")), null);
        Block net = new ResNetBuilder()
                .blocks(3, 3, 3)
                .widths(16, 32, 64)
                .inputChannels(1)
                .classes(10)
                .build();
        net.initialize(NDManager.newBaseManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
        load(net, dir, args.length > 1 ? args[1] : "init.bin");
        if (args.length > 1) {
            System.out.printf(
                    Locale.ROOT,
                    "resgrow evaluates %s: validation_accuracy=%.4f%n",
                    args[1],
                    RunEvaluator.accuracy(net, validation, 100, Device.cpu()));
            return;
        }
        double[] before = {0};
        ResGrow.train(net, new Shape(1, 28, 28))
                .on(train, validation)
                .strategy(PlainStrategy.epochs(1))
                .optimizer(
                        NamedRmsProp.builder().momentum(0.9).weightDecay(1e-4).build())
                .schedule(LrSchedule.constant(1e-4))
                .batchSize(BATCH)
                .seed(42)
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onStep(StepInfo s) {
                        double sum = s.epochLoss().getAsDouble() * s.step();
                        if (s.step() <= 20 || s.step() % 10 == 0) {
                            System.out.printf(Locale.ROOT, "step %d loss %.5f%n", s.step(), sum - before[0]);
                        }
                        before[0] = sum;
                    }

                    @Override
                    public void onEpoch(EpochRecord e) {
                        System.out.printf(
                                Locale.ROOT,
                                "resgrow: steps=%d validation_accuracy=%.4f seconds=%.1f%n",
                                n / BATCH,
                                e.validationAccuracy(),
                                e.seconds());
                    }
                })
                .fit();
    }

    /** Copies the peer's parameters (state_dict order, which is DJL's here) into the network. */
    private static void load(Block net, Path dir, String file) throws Exception {
        float[] values = floats(dir.resolve(file));
        List<String> names = Files.readAllLines(dir.resolve("init.txt"));
        var params = net.getParameters();
        if (params.size() != names.size()) {
            throw new IllegalStateException(
                    "resgrow has " + params.size() + " parameter arrays, the peer " + names.size());
        }
        int offset = 0;
        for (int i = 0; i < names.size(); i++) {
            NDArray array = params.get(i).getValue().getArray();
            String[] entry = names.get(i).split(" ");
            Shape shape = new Shape(
                    Arrays.stream(entry).skip(1).mapToLong(Long::parseLong).toArray());
            if (!array.getShape().equals(shape)) {
                throw new IllegalStateException(
                        params.get(i).getKey() + " is " + array.getShape() + ", the peer's " + entry[0] + " " + shape);
            }
            int size = Math.toIntExact(array.size());
            array.set(Arrays.copyOfRange(values, offset, offset + size));
            offset += size;
        }
        if (offset != values.length) {
            throw new IllegalStateException(
                    file + " holds " + (values.length - offset) + " values more than the network");
        }
    }

    /** Little-endian float32 values of a file the peer wrote. */
    static float[] floats(Path file) throws Exception {
        float[] out = new float[(int) (Files.size(file) / 4)];
        ByteBuffer.wrap(Files.readAllBytes(file))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(out);
        return out;
    }

    /** Little-endian int32 values of a file the peer wrote. */
    static int[] ints(Path file) throws Exception {
        int[] out = new int[(int) (Files.size(file) / 4)];
        ByteBuffer.wrap(Files.readAllBytes(file))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer()
                .get(out);
        return out;
    }
}
