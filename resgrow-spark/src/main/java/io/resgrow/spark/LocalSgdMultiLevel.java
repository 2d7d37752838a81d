package io.resgrow.spark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.DivergenceException;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.Seeds;
import io.resgrow.core.engine.ThreadGradMode;
import io.resgrow.core.network.Interpolatable;
import io.resgrow.core.network.Rebuildable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Multi-level training (Chang et al.) as {@link LocalSgd}: each cycle trains its rounds of local
 * SGD on the executors; between cycles the driver interpolates the network ({@link Interpolatable}:
 * every stage doubles its blocks, the step size halves), and the next cycle's executors build the
 * deeper network from its architecture and start from the interpolated parameters. Growth is the
 * driver's decision and work; the executors only ever train a fixed network. Momentum starts at zero
 * in every cycle (the parameters it belonged to have moved and new ones appeared); the shards' batch
 * walk continues across cycles (round r always takes the r-th batches); the engine's generator is
 * seeded before each growth (the new first block of a stage draws part of its start), so the
 * result is a function of the seed on any master.
 */
public final class LocalSgdMultiLevel {

    private LocalSgdMultiLevel() {}

    /**
     * What multi-level local SGD trained.
     *
     * @param network the last cycle's network on the driver (a new block after every growth), with the
     *     averaged parameters
     * @param rounds every round, numbered across the cycles
     * @param blocksPerCycle blocks per stage in each cycle
     */
    public record Result(Block network, List<LocalSgd.Round> rounds, List<int[]> blocksPerCycle) {}

    /**
     * Trains {@code network} (initialised from the seed on the driver) through the cycles.
     *
     * @param sc the Spark context
     * @param network an uninitialised network that interpolates and rebuilds from its architecture
     *     (resgrow's ResNet); it is consumed (its arrays are freed): use the result's network
     * @param sample one sample's shape
     * @param data the data's recipe
     * @param workers tasks per round, >= 1
     * @param stepsPerRound k, >= 1
     * @param roundsPerCycle rounds of each cycle, each >= 1 (three cycles: two growths)
     * @param batchSize per worker, >= 1
     * @param learningRate > 0
     * @param momentum in [0, 1)
     * @param seed the seed of the initial parameters, the shards and their batch order
     * @param manager the manager of the driver's parameters
     * @return the trained network and the rounds
     */
    public static Result fit(
            JavaSparkContext sc,
            Block network,
            Shape sample,
            DataRecipe data,
            int workers,
            int stepsPerRound,
            int[] roundsPerCycle,
            int batchSize,
            double learningRate,
            double momentum,
            long seed,
            NDManager manager) {
        if (!(network instanceof Interpolatable) || !(network instanceof Rebuildable)) {
            throw new InvalidSettingException(
                    "network",
                    network.getClass().getSimpleName(),
                    "a network that interpolates and is rebuilt from its architecture (resgrow's ResNet)",
                    "build it with ResNetBuilder, or train it without growth through LocalSgd.fit");
        }
        if (roundsPerCycle.length == 0) {
            throw new InvalidSettingException(
                    "roundsPerCycle", "[]", "one or more cycles", "give e.g. new int[] {10, 10, 10}");
        }
        for (int r : roundsPerCycle) {
            Check.positive("roundsPerCycle", r);
        }
        Check.positive("workers", workers);
        Check.positive("stepsPerRound", stepsPerRound);
        Check.positive("batchSize", batchSize);
        Check.positive("learningRate", learningRate);
        Check.inRange("momentum", momentum, 0, 1, true);
        ThreadGradMode.offInThisThread();
        Engine.getInstance().setRandomSeed((int) seed);
        network.initialize(manager, DataType.FLOAT32, LocalSgd.batchOf(sample));
        // from the start, the driver's network is one built from its architecture, as the executors'
        Block current = lineUp(network, sample, manager);
        List<LocalSgd.Round> done = new ArrayList<>();
        List<int[]> blocks = new ArrayList<>();
        int first = 0;
        for (int c = 0; c < roundsPerCycle.length; c++) {
            if (c > 0) {
                // a new first block of a stage draws its start (all but its zeroed last convolution):
                // from the seed, not from whatever the engine's generator drew before in this JVM
                Engine.getInstance().setRandomSeed(growthSeed(seed, c));
                ((Interpolatable) current).interpolate(manager);
                current = lineUp(current, sample, manager);
            }
            blocks.add(((Interpolatable) current).blocksPerStage());
            LocalSgd.Settings s = new LocalSgd.Settings(
                    NetworkRecipe.of(((Rebuildable) current).architecture(), sample),
                    data,
                    workers,
                    stepsPerRound,
                    roundsPerCycle[c],
                    batchSize,
                    learningRate,
                    momentum,
                    0,
                    false,
                    seed);
            float[] state =
                    LocalSgd.rounds(sc, s, FlatParameters.withZeroMomentum(current), first, roundsPerCycle[c], done);
            FlatParameters.load(FlatParameters.arrays(current), state, 0);
            first += roundsPerCycle[c];
        }
        return new Result(current, done, blocks);
    }

    /**
     * The engine's seed before the growth that starts cycle {@code cycle}.
     *
     * @param seed the run's seed
     * @param cycle the cycle, from 1
     * @return the seed
     */
    static int growthSeed(long seed, int cycle) {
        return (int) Seeds.mix(seed, 0x6E0 + cycle);
    }

    /**
     * The grown network as the executors will build it: a fresh network from its architecture,
     * given the grown one's parameters in the order both list them, then checked to compute the same
     * function (so a layout the two orders disagree on cannot pass silently).
     */
    static Block lineUp(Block grown, Shape sample, NDManager manager) {
        return lineUp(grown, NetworkRecipe.of(((Rebuildable) grown).architecture(), sample), sample, manager, true);
    }

    /**
     * A network as the executors will build it from {@code recipe}, given {@code grown}'s parameters
     * and checked to compute the same function; {@code release} frees {@code grown}'s arrays after
     * (not when they belong to a caller: a run's network that local SGD fine-tunes).
     */
    static Block lineUp(Block grown, NetworkRecipe recipe, Shape sample, NDManager manager, boolean release) {
        Block fresh = recipe.build();
        fresh.initialize(manager, DataType.FLOAT32, LocalSgd.batchOf(sample));
        List<NDArray> from = FlatParameters.arrays(grown);
        List<NDArray> to = FlatParameters.arrays(fresh);
        boolean same = from.size() == to.size();
        for (int i = 0; same && i < from.size(); i++) {
            same = from.get(i).getShape().equals(to.get(i).getShape());
        }
        if (!same) {
            throw new IllegalStateException(
                    "the network's parameters do not line up with the one the executors" + " build: " + recipe);
        }
        FlatParameters.load(to, FlatParameters.of(from), 0);
        try (NDManager probe = manager.newSubManager()) {
            long[] dims = LocalSgd.batchOf(sample).getShape();
            dims[0] = 4;
            Shape shape = new Shape(dims);
            float[] values = new float[Math.toIntExact(shape.size())];
            Random random = new Random(1); // not the engine's generator: the run's draws stay as they were
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            NDArray x = probe.create(values, shape);
            NDArray a = grown.forward(new ParameterStore(probe, false), new NDList(x), false)
                    .head();
            NDArray b = fresh.forward(new ParameterStore(probe, false), new NDList(x), false)
                    .head();
            float worst = a.sub(b).abs().max().getFloat();
            float scale = Math.max(1, a.abs().max().getFloat());
            if (!Float.isFinite(worst) || !Float.isFinite(scale)) {
                throw new DivergenceException(
                        "local SGD before a growth", 0, 1, 0, "the network's outputs are not finite", false);
            }
            if (!(worst <= 1e-5f * scale)) {
                throw new IllegalStateException("the network the executors build computes another function (largest"
                        + " difference " + worst + "): its parameters are listed in another order, or " + recipe
                        + " builds another network");
            }
        }
        if (release) {
            // the replaced network's arrays are not needed any more
            grown.getParameters().values().forEach(p -> p.getArray().close());
        }
        return fresh;
    }
}
