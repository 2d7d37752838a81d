package io.resgrow.bench.peers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.ResGrow;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.EpochOrder;
import io.resgrow.core.data.FloatArraySource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * resgrow's side of the lock-step check across one growth (see {@code
 * incremental_growth_aligned.py}): resgrow's own {@link LookAheadIncremental} strategy on the
 * peer's ResNet-20 plan (3 sub-networks; growth stopped after S2 by a {@code GrowthRule}), one
 * epoch of the peer's batches per phase (stage 1, look-ahead of S2, joint stage 2), compared step
 * by step with the peer's losses.
 *
 * <p>S1 and the first classifier start from the peer's values, copied in before the run. S2 and
 * the new classifier take the peer's values from a listener on the strategy's {@code insert}
 * event, which comes after the growth initialised them and before the look-ahead phase trains
 * them. The engine draws each phase's order from (seed, phase ordinal, epoch); a listener on
 * {@code phase-start} points the training source at the peer's order for that phase, so that the
 * engine's i-th sample of the phase is the peer's i-th.
 *
 * <pre>java -cp resgrow-bench/target/resgrow-bench.jar io.resgrow.bench.peers.IncrementalGrowthAligned DIR</pre>
 */
public final class IncrementalGrowthAligned {

    /** The phases the strategy runs, in order, as the peer names them. */
    public static final List<String> PHASES = List.of("stage-1", "lookahead-2", "stage-2");

    /** The phases with random initialisation ({@code --init random}): no look-ahead. */
    public static final List<String> RANDOM_PHASES = List.of("stage-1", "stage-2");

    private IncrementalGrowthAligned() {}

    /**
     * One phase's per-step training losses on both sides.
     *
     * @param phase the phase's name
     * @param peer the peer's losses, step 1 first
     * @param resgrow resgrow's losses, step 1 first
     */
    public record PhaseLosses(String phase, double[] peer, double[] resgrow) {

        /**
         * Returns the largest absolute difference of the two sides' losses over the phase.
         *
         * @return max |peer - resgrow|, or infinity when the step counts differ
         */
        public double maxDifference() {
            if (peer.length != resgrow.length || peer.length == 0) {
                return Double.POSITIVE_INFINITY;
            }
            double max = 0;
            for (int i = 0; i < peer.length; i++) {
                max = Math.max(max, Math.abs(peer[i] - resgrow[i]));
            }
            return max;
        }
    }

    /**
     * What the check found.
     *
     * @param phases one entry per phase, in {@link #PHASES} order
     * @param s1Weights at the growth, the largest absolute difference of S1's learnable values
     *     (resgrow's against the peer's)
     * @param s1Statistics at the growth, the largest absolute difference of S1's BatchNorm running
     *     means and variances
     * @param s2Start how resgrow's own start of S2 and the new classifier (before the peer's values
     *     replace it) compares with the peer's draw, array by array: the largest |log(std ratio)| of
     *     the drawn arrays, and the largest |difference| of the constant ones (BatchNorm's gamma,
     *     beta and statistics, biases)
     * @param validation per phase, the validation loss after it in inference mode (BatchNorm's running
     *     statistics): {@code {peer, resgrow}}
     */
    public record Result(
            List<PhaseLosses> phases,
            double s1Weights,
            double s1Statistics,
            double[] s2Start,
            Map<String, double[]> validation) {}

    /** The peer's images; phase by phase, the engine's i-th sample is the peer's i-th of that phase. */
    private static final class PhasedSource implements BatchSource {
        private final FloatArraySource data;
        private final int[] peerOrder;
        private final long seed;
        private volatile IncrementalAligned.Source phase;

        PhasedSource(float[] x, int[] y, int[] peerOrder, long seed) {
            this.data = new FloatArraySource(x, y, 10, 1, 28, 28);
            this.peerOrder = peerOrder;
            this.seed = seed;
            this.phase = new IncrementalAligned.Source(data, null);
        }

        /** Follows the peer's order of phase {@code index} in the engine's phase {@code ordinal}. */
        void enter(int index, int ordinal) {
            int n = data.count();
            int[] engine = EpochOrder.permutation(n, seed, ordinal, 0);
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[engine[i]] = peerOrder[index * n + i];
            }
            phase = new IncrementalAligned.Source(data, p);
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
            return phase.label(index);
        }

        @Override
        public HostBatch batch(int[] indices) {
            return phase.batch(indices);
        }
    }

    /**
     * Runs the check and prints both sides' losses step by step and the largest difference per
     * phase.
     *
     * @param args the directory incremental_growth_aligned.py wrote, and optionally {@code
     *     --resync}: at the growth, set S1's values (weights and BatchNorm statistics) to the
     *     peer's, so that the phases after it start from the same network whatever drift stage 1
     *     made (a diagnosis; optimizer state is not resynchronised); the peer's {@code --growths 2}
     *     runs through a second growth (S3)
     * @throws Exception if a file cannot be read
     */
    public static void main(String[] args) throws Exception {
        Result result = run(Path.of(args[0]), args.length > 1 && args[1].equals("--resync"));
        List<PhaseLosses> phases = result.phases();
        System.out.println("peer's setting: " + String.join(", ", Files.readAllLines(Path.of(args[0], "setting.txt"))));
        System.out.println("phase step peer resgrow |difference|");
        for (PhaseLosses p : phases) {
            for (int i = 0; i < Math.min(p.peer().length, p.resgrow().length); i++) {
                System.out.printf(
                        Locale.ROOT,
                        "%s %d %.6f %.6f %.2e%n",
                        p.phase(),
                        i + 1,
                        p.peer()[i],
                        p.resgrow()[i],
                        Math.abs(p.peer()[i] - p.resgrow()[i]));
            }
        }
        for (PhaseLosses p : phases) {
            System.out.printf(
                    Locale.ROOT,
                    "%s: steps=%d max_difference=%.2e%n",
                    p.phase(),
                    p.resgrow().length,
                    p.maxDifference());
        }
        System.out.printf(
                Locale.ROOT,
                "S1 at the growth: max |weight difference| %.2e, max |BatchNorm statistic difference| %.2e%n",
                result.s1Weights(),
                result.s1Statistics());
        System.out.printf(
                Locale.ROOT,
                "resgrow's own start of the new parts against the peer's: max |log std ratio| of drawn arrays %.3f,"
                        + " max |difference| of constant arrays %.2e%n",
                result.s2Start()[0],
                result.s2Start()[1]);
        result.validation()
                .forEach((phase, v) -> System.out.printf(
                        Locale.ROOT, "validation loss after %s: peer %.6f resgrow %.6f%n", phase, v[0], v[1]));
    }

    /**
     * Trains resgrow's {@link LookAheadIncremental} on the peer's files and pairs its per-step
     * losses with the peer's.
     *
     * @param dir the directory incremental_growth_aligned.py wrote
     * @param resync whether to set S1 to the peer's values at the growth (see {@link #main})
     * @return the losses and how far S1 had drifted at the growth
     * @throws Exception if a file cannot be read or the run does not go as the peer's did
     */
    public static Result run(Path dir, boolean resync) throws Exception {
        Map<String, String> setting = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("setting.txt"))) {
            String[] kv = line.split(" ", 2);
            setting.put(kv[0], kv[1]);
        }
        int batch = Integer.parseInt(setting.get("batch"));
        double lr = Double.parseDouble(setting.get("lr"));
        long seed = Long.parseLong(setting.get("seed"));
        boolean random = "random".equals(setting.get("init"));
        int growths = Integer.parseInt(setting.getOrDefault("growths", "1"));
        List<String> phaseNames = new ArrayList<>(random ? RANDOM_PHASES : PHASES);
        if (growths == 2) {
            phaseNames.addAll(random ? List.of("stage-3") : List.of("lookahead-3", "stage-3"));
        }
        int[] y = IncrementalAligned.ints(dir.resolve("y.bin"));
        PhasedSource train = new PhasedSource(
                IncrementalAligned.floats(dir.resolve("x.bin")),
                y,
                IncrementalAligned.ints(dir.resolve("order.bin")),
                seed);
        int[] yva = IncrementalAligned.ints(dir.resolve("yva.bin"));
        BatchSource validation =
                new PhasedSource(IncrementalAligned.floats(dir.resolve("xva.bin")), yva, new int[yva.length], seed);
        GrowingNetwork net = new ResNetBuilder()
                .blocks(3, 3, 3)
                .widths(16, 32, 64)
                .inputChannels(1)
                .classes(10)
                .buildGrowing(new Shape(1, 28, 28));
        net.initialize(NDManager.newBaseManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
        copy(net.subNetworks().get(0), dir, "s1");
        copy(net.classifier(), dir, "head1");
        LookAheadIncremental.Builder strategy = LookAheadIncremental.builder()
                .window(2)
                .maxEpochsPerStage(1)
                .lookAheadEpochs(1)
                .growthRule(values -> values.size() >= 1 + growths)
                .batchSize(batch)
                .learningRate(lr)
                .init(random ? LookAheadIncremental.Init.RANDOM : LookAheadIncremental.Init.LOOKAHEAD);
        if ("sgd".equals(setting.get("optimizer"))) {
            double momentum = Double.parseDouble(setting.getOrDefault("momentum", "0"));
            strategy.optimizer(
                    NamedSgd.builder().momentum(momentum).weightDecay(1e-4).build());
        }
        double[] drift = {Double.NaN, Double.NaN};
        double[] start = {0, 0};
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        String[] current = {null};
        double[] before = {0};
        Exception[] failed = {null};
        RunListener lockStep = new RunListener() {
            @Override
            public void onEvent(RunEvent e) {
                try {
                    if (e.type().equals("phase-start")) {
                        current[0] = e.detail();
                        int index = phaseNames.indexOf(current[0]);
                        if (index < 0) {
                            throw new IllegalStateException("the strategy ran a phase the peer has not: " + e.detail());
                        }
                        train.enter(index, ((Number) e.data().get("ordinal")).intValue());
                        losses.put(current[0], new ArrayList<>());
                    } else if (e.type().equals("insert") && ((Number) e.data().get("subNetwork")).intValue() == 3) {
                        compareStart(net.subNetworks().get(2), dir, "s3", start);
                        compareStart(net.classifier(), dir, "head3", start);
                        copy(net.subNetworks().get(2), dir, "s3");
                        copy(net.classifier(), dir, "head3");
                    } else if (e.type().equals("insert")) {
                        Block s1 = net.subNetworks().get(0);
                        float[][] grown = read(s1, dir, "s1_grown");
                        var params = s1.getParameters();
                        for (int i = 0; i < grown.length; i++) {
                            boolean statistic = ParameterCount.isRunningStatistic(
                                    params.get(i).getValue());
                            float[] mine = params.get(i).getValue().getArray().toFloatArray();
                            for (int j = 0; j < mine.length; j++) {
                                double d = Math.abs(mine[j] - grown[i][j]);
                                int k = statistic ? 1 : 0;
                                drift[k] = Double.isNaN(drift[k]) ? d : Math.max(drift[k], d);
                            }
                        }
                        if (resync) {
                            copy(s1, dir, "s1_grown");
                        }
                        compareStart(net.subNetworks().get(1), dir, "s2", start);
                        compareStart(net.classifier(), dir, "head2", start);
                        copy(net.subNetworks().get(1), dir, "s2");
                        copy(net.classifier(), dir, "head2");
                    }
                } catch (Exception x) {
                    failed[0] = x;
                    throw new IllegalStateException(x);
                }
            }

            @Override
            public void onStep(StepInfo s) {
                double sum = s.epochLoss().getAsDouble() * s.step();
                losses.get(current[0]).add(sum - (s.step() == 1 ? 0 : before[0]));
                before[0] = sum;
            }
        };
        TrainingReport report = ResGrow.train(net, new Shape(1, 28, 28))
                .on(train, validation)
                .strategy(strategy.build())
                .seed(seed)
                .devices(Device.cpu())
                .quiet()
                .listener(lockStep)
                .fit();
        if (failed[0] != null) {
            throw failed[0];
        }
        Map<String, List<Double>> peer = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("losses.txt"))) {
            String[] f = line.split(" ");
            peer.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
        }
        List<PhaseLosses> out = new ArrayList<>();
        for (String phase : phaseNames) {
            out.add(new PhaseLosses(phase, values(peer.get(phase)), values(losses.get(phase))));
        }
        Map<String, double[]> validated = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("validation.txt"))) {
            String[] f = line.split(" ");
            validated.put(f[0], new double[] {Double.parseDouble(f[1]), Double.NaN});
        }
        for (EpochRecord e : report.epochs()) {
            double[] pair = validated.get(e.phase());
            if (pair != null && e.validationLoss() != null) {
                pair[1] = e.validationLoss(); // one epoch per phase here
            }
        }
        return new Result(out, drift[0], drift[1], start, validated);
    }

    private static double[] values(List<Double> list) {
        return list == null
                ? new double[0]
                : list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Compares a new part as resgrow drew it with the peer's draw, array by array: an array whose
     * peer values vary (a drawn weight) by the ratio of the standard deviations, a constant one by
     * the values; keeps the largest |log ratio| in {@code worst[0]} and difference in {@code worst[1]}.
     */
    static void compareStart(Block block, Path dir, String part, double[] worst) throws Exception {
        float[][] peer = read(block, dir, part);
        var params = block.getParameters();
        for (int i = 0; i < peer.length; i++) {
            float[] mine = params.get(i).getValue().getArray().toFloatArray();
            double peerStd = std(peer[i]);
            if (peerStd > 0) {
                double ratio = Math.log(std(mine) / peerStd);
                if (Math.abs(ratio) > 0.05) {
                    System.out.printf(
                            Locale.ROOT,
                            "%s %s: %d values, std resgrow %.5f peer %.5f%n",
                            part,
                            params.get(i).getKey(),
                            mine.length,
                            std(mine),
                            peerStd);
                }
                worst[0] = Math.max(worst[0], Math.abs(ratio));
            } else {
                for (int j = 0; j < mine.length; j++) {
                    worst[1] = Math.max(worst[1], Math.abs(mine[j] - peer[i][j]));
                }
            }
        }
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double sq = 0;
        for (float x : v) {
            sq += (x - mean) * (x - mean);
        }
        return Math.sqrt(sq / v.length);
    }

    /** Copies a part's values from the peer's {@code part.bin} (state_dict order, shapes in {@code part.txt}). */
    static void copy(Block block, Path dir, String part) throws Exception {
        float[][] values = read(block, dir, part);
        var params = block.getParameters();
        for (int i = 0; i < values.length; i++) {
            params.get(i).getValue().getArray().set(values[i]);
        }
    }

    /** Reads a part's values from the peer's files, one array per parameter of {@code block}, shapes checked. */
    static float[][] read(Block block, Path dir, String part) throws Exception {
        float[] values = IncrementalAligned.floats(dir.resolve(part + ".bin"));
        List<String> names = Files.readAllLines(dir.resolve(part + ".txt"));
        var params = block.getParameters();
        if (params.size() != names.size()) {
            throw new IllegalStateException(
                    part + ": resgrow has " + params.size() + " parameter arrays, the peer " + names.size());
        }
        float[][] out = new float[names.size()][];
        int offset = 0;
        for (int i = 0; i < names.size(); i++) {
            NDArray array = params.get(i).getValue().getArray();
            String[] entry = names.get(i).split(" ");
            Shape shape = new Shape(
                    Arrays.stream(entry).skip(1).mapToLong(Long::parseLong).toArray());
            if (!array.getShape().equals(shape)) {
                throw new IllegalStateException(part + ": " + params.get(i).getKey() + " is " + array.getShape()
                        + ", the peer's " + entry[0] + " " + shape);
            }
            int size = Math.toIntExact(array.size());
            out[i] = Arrays.copyOfRange(values, offset, offset + size);
            offset += size;
        }
        if (offset != values.length) {
            throw new IllegalStateException(part + ".bin holds " + (values.length - offset) + " values more");
        }
        return out;
    }
}
