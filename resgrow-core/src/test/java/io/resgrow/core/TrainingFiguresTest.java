package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The figures a run reports and the parameters it ends with, against values known without the
 * engine: a network whose output is zero has softmax cross-entropy ln(classes) and predicts class
 * 0, and data parallelism over two devices computes the same gradient as one device.
 */
class TrainingFiguresTest {

    /** 80 samples of 4 balanced classes (sample i has class i % 4). */
    private static final ArraySource FOUR = ArraySource.blobs(80, 4, 1, 4, 1.0, 3);

    @Test
    void aZeroHeadReportsLnFourAndChance() {
        SequentialBlock net = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build());
        net.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        // one step an epoch: the first epoch's figures come from the zero head before its only update
        TrainingReport r = ResGrow.train(net, new Shape(1, 4, 4))
                .on(FOUR, FOUR)
                .strategy(PlainStrategy.epochs(1))
                .optimizer(NamedSgd.builder().build())
                .schedule(LrSchedule.constant(1e-9))
                .batchSize(80)
                .devices(Device.cpu())
                .quiet()
                .fit();
        EpochRecord e = r.epochs().get(0);
        // every logit is 0: each sample's loss is ln 4; argmax of ties is class 0, a quarter of the data
        assertEquals(Math.log(4), e.trainLoss(), 1e-6, e.toString());
        assertEquals(0.25, e.trainAccuracy(), 0.0, e.toString());
        // validation after an update of at most 1e-9 per weight: the loss is still ln 4
        assertEquals(Math.log(4), e.validationLoss(), 1e-6, e.toString());
    }

    /** The parameters before and after a run of an MLP (no BatchNorm, so no per-part statistics) on some devices. */
    private static List<List<float[]>> trainedOn(Device... devices) {
        SequentialBlock net = TinyNets.mlp(8, 3);
        List<float[]> before = new ArrayList<>();
        // 25 a batch: each step splits 13 / 12 over two devices, so the parts' losses must be weighted by share
        ResGrow.train(net, new Shape(1, 4, 4))
                .on(ArraySource.blobs(100, 3, 1, 4, 1.0, 4))
                .strategy(PlainStrategy.epochs(3))
                .optimizer(NamedSgd.builder().momentum(0.9).build())
                .schedule(LrSchedule.constant(0.1))
                .batchSize(25)
                .seed(5)
                .devices(devices)
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onStep(StepInfo s) {
                        if (before.isEmpty()) {
                            // after the first step: compare against the values the run started from
                            net.getParameters()
                                    .values()
                                    .forEach(p -> before.add(p.getArray().toFloatArray()));
                        }
                    }
                })
                .fit();
        List<float[]> after = new ArrayList<>();
        net.getParameters().values().forEach(p -> after.add(p.getArray().toFloatArray()));
        return List.of(before, after);
    }

    @Test
    void twoDevicesTrainAsOneOnUnevenSplits() {
        List<List<float[]>> one = trainedOn(Device.cpu());
        List<List<float[]>> two = trainedOn(Device.cpu(), Device.cpu());
        assertEquals(one.get(1).size(), two.get(1).size());
        double worst = 0;
        double moved = 0;
        for (int i = 0; i < one.get(1).size(); i++) {
            for (int j = 0; j < one.get(1).get(i).length; j++) {
                worst = Math.max(
                        worst, Math.abs(one.get(1).get(i)[j] - two.get(1).get(i)[j]));
                moved = Math.max(
                        moved, Math.abs(one.get(1).get(i)[j] - one.get(0).get(i)[j]));
            }
        }
        // 3 epochs of 4 steps after the first: the parameters must have moved
        assertTrue(moved > 0.05, "the run did not train: largest change after the first step " + moved);
        assertTrue(worst <= 1e-5, "two devices differ from one by " + worst);
    }
}
