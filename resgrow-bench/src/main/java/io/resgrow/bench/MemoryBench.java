package io.resgrow.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.Phase;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.examples.cli.ProcessMemory;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a ResNet for many steps in one phase and samples the process's resident memory (Linux
 * {@code VmRSS}) and the run's live NDArrays (DJL's count on the run's manager) every 250 steps;
 * prints the samples and, after the warm-up (the first fifth), the spread of each as a percentage
 * of its smallest value. Run it with a fixed, pre-touched heap ({@code -Xms -Xmx
 * -XX:+AlwaysPreTouch}) so that the Java heap's growth is not mistaken for a native leak.
 */
public final class MemoryBench {

    private static final int EVERY = 250;

    private MemoryBench() {}

    /** One sample. @param step the step @param rssKiB resident memory @param live live arrays */
    record Sample(int step, long rssKiB, int live) {}

    /**
     * Runs the benchmark.
     *
     * @param blocks blocks per stage
     * @param batch the batch size
     * @param steps the steps to train
     */
    public static void run(int[] blocks, int batch, int steps) {
        ResNet net = new ResNetBuilder().blocks(blocks).inputChannels(1).build();
        var data = SyntheticDataset.create(Math.max(batch * 50, 2000), 10, 1, 28, 40, 1);
        NDManager[] manager = new NDManager[1];
        List<Sample> samples = new ArrayList<>();
        TrainingStrategy oneLongPhase = new TrainingStrategy() {
            @Override
            public String describe() {
                return "memory(" + steps + " steps)";
            }

            @Override
            public void run(TrainingContext ctx) {
                manager[0] = ctx.manager();
                ctx.runPhase(Phase.builder("train", ctx.network()).steps(steps).build());
            }
        };
        long start = System.nanoTime();
        ResGrow.train(net, new Shape(1, 28, 28))
                .on(data)
                .strategy(oneLongPhase)
                .batchSize(batch)
                .schedule(LrSchedule.constant(0.02))
                .seed(1)
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    private int done;

                    @Override
                    public void onStep(StepInfo s) {
                        if (++done % EVERY == 0) {
                            samples.add(new Sample(
                                    done,
                                    ProcessMemory.rssKiB(),
                                    manager[0].getManagedArrays().size()));
                        }
                    }
                })
                .fit();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("step   rss_MiB  live_arrays");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "%5d  %7.1f  %d%n", s.step(), s.rssKiB() / 1024.0, s.live());
        }
        List<Sample> after = samples.subList(samples.size() / 5, samples.size());
        System.out.printf(
                Locale.ROOT,
                "steps=%d batch=%d seconds=%.1f warmup_steps=%d rss_spread=%.2f%%"
                        + " live_arrays_spread=%.2f%% rss_first=%.1fMiB rss_last=%.1fMiB%n",
                steps,
                batch,
                seconds,
                after.get(0).step() - EVERY,
                spread(after.stream().mapToLong(Sample::rssKiB).toArray()),
                spread(after.stream().mapToLong(Sample::live).toArray()),
                after.get(0).rssKiB() / 1024.0,
                after.get(after.size() - 1).rssKiB() / 1024.0);
    }

    private static double spread(long[] values) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return 100.0 * (max - min) / min;
    }
}
