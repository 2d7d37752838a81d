package io.resgrow.spark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.DivergenceException;
import io.resgrow.core.check.Check;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.EpochOrder;
import io.resgrow.core.data.Seeds;
import io.resgrow.core.engine.ThreadGradMode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Data-parallel training across executors as local SGD, in synchronous rounds of Spark's own
 * operations: the driver broadcasts the parameters and momentum, each of {@code workers} tasks
 * trains {@code stepsPerRound} SGD steps on its shard of the training data (a seeded 1/workers of
 * it), and {@code treeAggregate} gathers what they end with, which the driver averages in worker
 * order (float sums depend on their order; tasks finish in any), so the run is a function of its
 * seed for any number of workers; repeat. With {@code stepsPerRound} =
 * 1 and no momentum a round is one SGD step on the union of the workers' batches (the mean of the
 * shards' gradients); more steps per round trade that exactness for fewer rounds.
 *
 * <p>Momentum is averaged with the parameters every round, not kept per worker: a Spark task has no
 * home (a retried or rescheduled task runs on another executor), so state kept on an executor
 * would be lost or would belong to another shard; averaged, it travels with the parameters and
 * the run stays a function of its seed. It doubles what a round moves. BatchNorm's running
 * statistics are averaged too. The step loop is its own (softmax cross-entropy, PyTorch-form SGD),
 * not the library's phase loop. This API trains at a constant rate without weight decay; {@link
 * LocalSgdRun} adds the schedule, decay, validation, checkpoints and growth of a library run. A
 * round whose loss or averaged state is not finite ends the run ({@link DivergenceException}).
 */
public final class LocalSgd {

    /**
     * The settings of a local-SGD run.
     *
     * @param network the network's recipe
     * @param data the data's recipe
     * @param workers tasks per round (shards)
     * @param stepsPerRound k, SGD steps each worker trains per round
     * @param rounds rounds
     * @param batchSize each worker's batch size
     * @param learningRate SGD's rate
     * @param momentum SGD's momentum
     * @param weightDecay PyTorch-form weight decay ({@code g + wd * w})
     * @param decayOnlyWeights whether only parameters whose name ends in {@code weight} decay
     * @param seed the seed of the initial parameters, the shards and their batch order
     */
    record Settings(
            NetworkRecipe network,
            DataRecipe data,
            int workers,
            int stepsPerRound,
            int rounds,
            int batchSize,
            double learningRate,
            double momentum,
            double weightDecay,
            boolean decayOnlyWeights,
            long seed)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * One round.
     *
     * @param round the 1-based round
     * @param loss the workers' mean training loss over the round's steps
     * @param accuracy the workers' training accuracy over the round's batches (training mode, augmented)
     * @param seconds the round's wall time
     */
    public record Round(int round, double loss, double accuracy, double seconds) {}

    /**
     * The steps of one round, the same on every worker.
     *
     * @param first the global step of its first step: its place in each shard's batch walk
     * @param rates the rate of each of its steps (their count is the round's length)
     */
    record RoundSteps(long first, double[] rates) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private LocalSgd() {}

    /**
     * Trains {@code network} (initialised from the seed, on the driver) and leaves the averaged
     * parameters in it.
     *
     * @param sc the Spark context
     * @param network the network's recipe
     * @param data the data's recipe
     * @param workers tasks per round, >= 1
     * @param stepsPerRound k, >= 1
     * @param rounds >= 1
     * @param batchSize per worker, >= 1
     * @param learningRate > 0
     * @param momentum in [0, 1)
     * @param seed the seed
     * @param into an uninitialised block the recipe built, which ends with the averaged parameters
     * @param manager the manager of {@code into}'s parameters
     * @return the rounds
     */
    public static List<Round> fit(
            JavaSparkContext sc,
            NetworkRecipe network,
            DataRecipe data,
            int workers,
            int stepsPerRound,
            int rounds,
            int batchSize,
            double learningRate,
            double momentum,
            long seed,
            Block into,
            NDManager manager) {
        Settings s = new Settings(
                network,
                data,
                Check.positive("workers", workers),
                Check.positive("stepsPerRound", stepsPerRound),
                Check.positive("rounds", rounds),
                Check.positive("batchSize", batchSize),
                Check.positive("learningRate", learningRate),
                Check.inRange("momentum", momentum, 0, 1, true),
                0,
                false,
                seed);
        ThreadGradMode.offInThisThread();
        Engine.getInstance().setRandomSeed((int) seed);
        into.initialize(manager, DataType.FLOAT32, batchOf(network.sampleShape()));
        List<Round> done = new ArrayList<>();
        float[] state = rounds(sc, s, FlatParameters.withZeroMomentum(into), 0, rounds, done);
        FlatParameters.load(FlatParameters.arrays(into), state, 0);
        return done;
    }

    /**
     * Runs {@code count} rounds from {@code state} ({@code [params..., momentum...]}), numbered from
     * {@code first} (which also places the rounds' batches in the shards' walk), and returns the
     * averaged state.
     */
    static float[] rounds(JavaSparkContext sc, Settings s, float[] state, int first, int count, List<Round> done) {
        double[] constant = new double[s.stepsPerRound()];
        Arrays.fill(constant, s.learningRate());
        return rounds(
                sc,
                s,
                state,
                first,
                count,
                done,
                r -> new RoundSteps((long) r * s.stepsPerRound(), constant),
                (r, what) -> new DivergenceException("local SGD", r + 1, 1, s.stepsPerRound(), what, false));
    }

    /** Makes the error of a round that diverged: where, for the caller's reader. */
    @FunctionalInterface
    interface Diverged {
        /**
         * Returns the error.
         *
         * @param round the round, numbered as {@code rounds} numbers them
         * @param what what was not finite
         * @return the error to throw
         */
        DivergenceException at(int round, String what);
    }

    /**
     * Runs {@code count} rounds as {@link #rounds(JavaSparkContext, Settings, float[], int, int, List)}
     * does, each round's steps (where they start in the walk, how many, at which rates) as {@code
     * steps} gives them for the round's number.
     */
    static float[] rounds(
            JavaSparkContext sc,
            Settings s,
            float[] state,
            int first,
            int count,
            List<Round> done,
            IntFunction<RoundSteps> steps,
            Diverged diverged) {
        int n = state.length / 2;
        List<Integer> shards = new ArrayList<>();
        for (int w = 0; w < s.workers(); w++) {
            shards.add(w);
        }
        float[] current = state;
        for (int r = first; r < first + count; r++) {
            long start = System.nanoTime();
            RoundSteps round = steps.apply(r);
            Broadcast<float[]> b = sc.broadcast(current);
            // the workers' results gathered by worker, in a tree, then summed in worker order: float sums
            // depend on their order, and tasks finish in any order
            TreeMap<Integer, float[]> byWorker = sc.parallelize(shards, s.workers())
                    .map(new ByWorker(new LocalSteps(b, s, round)))
                    .treeAggregate(new TreeMap<>(), new Gather(), new Merge());
            b.destroy();
            float[] sum = inOrder(byWorker, 2 * n + 2);
            // NaN never passes: a round whose loss or averaged state is not finite ends the run
            if (!Float.isFinite(sum[2 * n])) {
                throw diverged.at(r, "the workers' training loss is " + sum[2 * n]);
            }
            current = new float[2 * n];
            for (int i = 0; i < 2 * n; i++) {
                current[i] = sum[i] / s.workers();
                if (!Float.isFinite(current[i])) {
                    throw diverged.at(r, "the averaged " + (i < n ? "parameters" : "momentum") + " hold " + current[i]);
                }
            }
            int trained = s.workers() * round.rates().length;
            done.add(new Round(
                    r + 1,
                    sum[2 * n] / trained,
                    sum[2 * n + 1] / ((double) trained * s.batchSize()),
                    (System.nanoTime() - start) / 1e9));
        }
        return current;
    }

    /** The sum of the workers' arrays, added in worker order starting from zeros. */
    static float[] inOrder(TreeMap<Integer, float[]> byWorker, int length) {
        float[] sum = new float[length];
        for (float[] v : byWorker.values()) {
            for (int i = 0; i < length; i++) {
                sum[i] += v[i];
            }
        }
        return sum;
    }

    /** A worker's result with its worker index. */
    static final class ByWorker implements Function<Integer, Tuple2<Integer, float[]>> {
        private static final long serialVersionUID = 1L;
        private final LocalSteps steps;

        ByWorker(LocalSteps steps) {
            this.steps = steps;
        }

        @Override
        public Tuple2<Integer, float[]> call(Integer worker) {
            return new Tuple2<>(worker, steps.call(worker));
        }
    }

    /** Adds a worker's result to a partition's gathered results. */
    static final class Gather
            implements Function2<TreeMap<Integer, float[]>, Tuple2<Integer, float[]>, TreeMap<Integer, float[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public TreeMap<Integer, float[]> call(TreeMap<Integer, float[]> m, Tuple2<Integer, float[]> t) {
            m.put(t._1(), t._2());
            return m;
        }
    }

    /** Merges two partial gatherings. */
    static final class Merge
            implements Function2<TreeMap<Integer, float[]>, TreeMap<Integer, float[]>, TreeMap<Integer, float[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public TreeMap<Integer, float[]> call(TreeMap<Integer, float[]> a, TreeMap<Integer, float[]> b) {
            a.putAll(b);
            return a;
        }
    }

    /** Worker {@code w}'s shard: every {@code workers}-th sample of a seeded permutation, from the w-th. */
    static int[] shard(int count, int workers, int w, long seed) {
        int[] order = EpochOrder.shuffled(count, new Random(Seeds.mix(seed, 0x5A4D)));
        int[] shard = new int[(count - w + workers - 1) / workers];
        for (int i = 0; i < shard.length; i++) {
            shard[i] = order[w + i * workers];
        }
        return shard;
    }

    /** The samples of a worker's global step: batches walk its shard, reshuffled every pass. */
    static int[] batch(int[] shard, long step, int batchSize) {
        int[] idx = new int[batchSize];
        int pass = -1;
        int[] order = null;
        for (int i = 0; i < batchSize; i++) {
            long position = step * batchSize + i;
            if (position / shard.length != pass) {
                // one shuffle per pass the batch touches (at most two), not one per sample
                pass = (int) (position / shard.length);
                order = EpochOrder.shuffled(shard.length, new Random(Seeds.mix(pass, 0x7A55)));
            }
            idx[i] = shard[order[(int) (position % shard.length)]];
        }
        return idx;
    }

    static Shape batchOf(Shape sample) {
        long[] dims = new long[sample.dimension() + 1];
        dims[0] = 1;
        System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
        return new Shape(dims);
    }
}
