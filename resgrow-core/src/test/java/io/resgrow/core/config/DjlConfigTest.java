package io.resgrow.core.config;

import static io.resgrow.core.testing.Rejections.reject;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.TrainingConfig;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.listener.SaveModelTrainingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedAdam;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.TrackerSchedule;
import io.resgrow.core.testing.Rejections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** What a run takes from a DJL {@code TrainingConfig}, and what it refuses before any work. */
class DjlConfigTest {

    private static DefaultTrainingConfig config() {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
    }

    @Test
    void takesEachPartFromTheConfigAndTouchesNothingElse() {
        TrainingConfig config = mock(TrainingConfig.class);
        Loss loss = Loss.l2Loss();
        Evaluator accuracy = new Accuracy();
        Device[] devices = {Device.cpu()};
        PairList<Initializer, Predicate<Parameter>> inits = new PairList<>();
        inits.add(new NormalInitializer(0.1f), p -> true);
        when(config.getLossFunction()).thenReturn(loss);
        when(config.getEvaluators()).thenReturn(List.of(accuracy));
        when(config.getDevices()).thenReturn(devices);
        when(config.getInitializers()).thenReturn(inits);
        when(config.getTrainingListeners()).thenReturn(List.of());
        when(config.getOptimizer())
                .thenReturn(Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(0.3f))
                        .build());

        DjlConfig read = DjlConfig.read(config);

        assertSame(loss, read.loss());
        assertEquals(List.of(accuracy), read.evaluators());
        assertArrayEquals(devices, read.devices());
        assertSame(inits.get(0).getKey(), read.initializers().get(0).getKey());
        assertEquals(0.3f, read.schedule().rate(5, 2, 10), 0f);
        verify(config).getOptimizer();
        verify(config).getTrainingListeners();
        // the executor service is not used: resgrow's data-parallel steps run on the calling thread
        verify(config, never()).getExecutorService();
    }

    @Test
    void sgdBecomesNamedSgdInDjlsFormWithTheTrackerAsSchedule() {
        Tracker tracker = Tracker.factor().setBaseValue(0.5f).setFactor(0.5f).build();
        DjlOptimizers.Mapped m = DjlOptimizers.map(Optimizer.sgd()
                .setLearningRateTracker(tracker)
                .optMomentum(0.8f)
                .optWeightDecays(0.01f)
                .build());
        assertTrue(m.optimizer() instanceof NamedSgd);
        assertTrue(m.optimizer().toString().contains("DJL form"), m.optimizer().toString());
        assertEquals(0.01f, m.optimizer().weightDecay(), 1e-9);
        assertTrue(m.optimizer().decays("bias"), "DJL decays every parameter");
        TrackerSchedule s = (TrackerSchedule) m.schedule();
        // step s of the phase gets the value DJL asks for at update s + 1
        for (int step = 0; step < 7; step++) {
            assertEquals(tracker.getNewValue(step + 1), s.rate(step / 3, step % 3, 3), 0f);
        }
    }

    @Test
    void adamBecomesNamedAdamInDjlsForm() {
        DjlOptimizers.Mapped m = DjlOptimizers.map(Optimizer.adam().build());
        assertTrue(m.optimizer() instanceof NamedAdam);
        assertTrue(m.optimizer().toString().contains("DJL form"), m.optimizer().toString());
        assertEquals(0.001f, m.schedule().rate(0, 0, 1), 0f);
    }

    @Test
    void djlsDefaultListenersAreStoodInFor() {
        DjlConfig read = DjlConfig.read(config().addTrainingListeners(TrainingListener.Defaults.logging()));
        assertEquals(Loss.softmaxCrossEntropyLoss().getName(), read.loss().getName());
    }

    @Test
    void aListenerNeverCalledIsRefusedBeforeItsConfigIsUsed() {
        TrainingListener own = mock(TrainingListener.class);
        assertThrows(InvalidSettingException.class, () -> DjlConfig.read(config().addTrainingListeners(own)));
        verifyNoInteractions(own);
    }

    @TestFactory
    Stream<DynamicTest> refusals() {
        return Rejections.tests(
                reject(
                        "DJL's RmsProp",
                        () -> DjlConfig.read(
                                config().optOptimizer(Optimizer.rmsprop().build())),
                        "config.getOptimizer()",
                        "ai.djl.training.optimizer.RmsProp",
                        "DJL's Sgd or Adam",
                        "NamedRmsProp.builder()"),
                reject(
                        "DJL's AdamW",
                        () -> DjlConfig.read(
                                config().optOptimizer(Optimizer.adamW().build())),
                        "config.getOptimizer()",
                        "ai.djl.training.optimizer.AdamW",
                        "DJL's Sgd or Adam",
                        "NamedAdam.builder()"),
                reject(
                        "gradient clipping",
                        () -> DjlConfig.read(config().optOptimizer(Optimizer.sgd()
                                .setLearningRateTracker(Tracker.fixed(0.1f))
                                .optClipGrad(1f)
                                .build())),
                        "config.getOptimizer()",
                        "optClipGrad(1.0)",
                        "no gradient clipping"),
                reject(
                        "rescaled gradients",
                        () -> DjlConfig.read(config().optOptimizer(Optimizer.sgd()
                                .setLearningRateTracker(Tracker.fixed(0.1f))
                                .setRescaleGrad(0.5f)
                                .build())),
                        "config.getOptimizer()",
                        "setRescaleGrad(0.5)",
                        "rescaleGrad 1"),
                reject(
                        "a listener resgrow cannot run",
                        () -> DjlConfig.read(config().addTrainingListeners(new SaveModelTrainingListener("out"))),
                        "config.getTrainingListeners()",
                        "ai.djl.training.listener.SaveModelTrainingListener",
                        "a DJL TrainingListener is called by DJL's Trainer",
                        ".checkpoints(dir)"),
                reject(
                        "a null loss",
                        () -> DjlConfig.read(new DefaultTrainingConfig(null)),
                        "config.getLossFunction()",
                        "null",
                        "a DJL Loss"));
    }
}
