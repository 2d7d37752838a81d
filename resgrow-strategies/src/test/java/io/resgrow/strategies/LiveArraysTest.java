package io.resgrow.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.resgrow.core.Phase;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live NDArrays return to their baseline after every phase and every growth: what stays between
 * phases is one array per parameter of the network (DJL's own list of parameters) and one
 * momentum array per parameter the optimizer has updated; everything a step, an epoch or a phase
 * made is gone. Counts are DJL's own ({@code getManagedArrays()}) on the run's manager and on the
 * optimizer's, so the test does not trust the engine's bookkeeping.
 */
@Tag("slow")
class LiveArraysTest {

    private static final ArraySource DATA = ArraySource.blobs(120, 4, 1, 8, 1.5, 21);

    private static ResNet net() {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 8)
                .inputChannels(1)
                .classes(4)
                .build();
    }

    private static long learnable(Block net) {
        return net.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .count();
    }

    /** A strategy that runs {@code body} and hands the run's manager to the test first. */
    private static TrainingStrategy probing(NDManager[] manager, Consumer<TrainingContext> body) {
        return new TrainingStrategy() {
            @Override
            public String describe() {
                return "probe";
            }

            @Override
            public void run(TrainingContext ctx) {
                manager[0] = ctx.manager();
                body.accept(ctx);
            }
        };
    }

    @Test
    void phasesAndGrowthLeaveOnlyParametersAndOptimizerState() {
        ResNet net = net();
        NDManager[] manager = new NDManager[1];
        NamedOptimizer sgd = NamedSgd.builder().momentum(0.9).build();
        List<Integer> epochCounts = new ArrayList<>();
        long[] learnableAtStart = new long[1];
        TrainingStrategy strategy = probing(manager, ctx -> {
            learnableAtStart[0] = learnable(net);
            ctx.runPhase(Phase.builder("a", net).optimizer(sgd).epochs(2).build());
            assertEquals(
                    net.getParameters().size(), manager[0].getManagedArrays().size(), "after phase a");
            assertEquals(learnableAtStart[0], sgd.state().liveStateArrays(), "momentum after phase a");
            int before = net.getParameters().size();
            ctx.restructure(() -> net.interpolate(ctx.manager()));
            assertTrue(net.getParameters().size() > before);
            assertEquals(
                    net.getParameters().size(), manager[0].getManagedArrays().size(), "after growth");
            assertEquals(learnableAtStart[0], sgd.state().liveStateArrays(), "growth renames momentum, makes none");
            ctx.runPhase(Phase.builder("b", net)
                    .optimizer(sgd)
                    .freeze(net.stageParts().get(0))
                    .epochs(1)
                    .build());
            assertEquals(
                    net.getParameters().size(), manager[0].getManagedArrays().size(), "after phase b");
            ctx.runPhase(Phase.builder("c", net).optimizer(sgd).epochs(2).build());
            assertEquals(
                    net.getParameters().size(), manager[0].getManagedArrays().size(), "after phase c");
            assertEquals(learnable(net), sgd.state().liveStateArrays(), "momentum after phase c");
        });
        ResGrow.train(net, new Shape(1, 8, 8))
                .on(DATA, DATA)
                .strategy(strategy)
                .batchSize(20)
                .seed(5)
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onEpoch(EpochRecord r) {
                        epochCounts.add(manager[0].getManagedArrays().size());
                    }
                })
                .fit();
        // inside a phase, an epoch leaves the same arrays as the one before it (its accumulators)
        assertEquals(epochCounts.get(0), epochCounts.get(1), epochCounts.toString());
        assertEquals(epochCounts.get(3), epochCounts.get(4), epochCounts.toString());
        assertEquals(0, sgd.state().liveStateArrays(), "the run frees its optimizers' state when it ends");
    }

    @Test
    void multiLevelReturnsToTheParametersAtEveryPhaseEndAndInterpolation() {
        ResNet net = net();
        NDManager[] manager = new NDManager[1];
        TrainingStrategy multilevel = MultiLevelInterpolation.builder()
                .eta(0.1, 0.001)
                .batchSize(20)
                .cycleLengths(1, 1, 1)
                .build();
        List<String> mismatches = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        ResGrow.train(net, new Shape(1, 8, 8))
                .on(DATA, DATA)
                .strategy(probing(manager, multilevel::run))
                .batchSize(20)
                .seed(5)
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onEvent(RunEvent e) {
                        if (e.type().equals("phase-end") || e.type().equals("interpolate")) {
                            int live = manager[0].getManagedArrays().size();
                            int params = net.getParameters().size();
                            checked.add(e.type());
                            if (live != params) {
                                mismatches.add(
                                        e.type() + " " + e.detail() + ": " + live + " live, " + params + " parameters");
                            }
                        }
                    }
                })
                .fit();
        assertEquals(List.of("phase-end", "interpolate", "phase-end", "interpolate", "phase-end"), checked);
        assertEquals(List.of(), mismatches);
    }
}
