package io.resgrow.core;

import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import io.resgrow.core.checkpoint.Replay;
import io.resgrow.core.data.DataFingerprint;
import io.resgrow.core.history.Describe;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's settings as text: what a checkpoint records and a resume compares. Two runs with equal
 * provenance train the same way; a resume whose provenance differs from its checkpoint's is
 * refused with the list of differences, unless the caller allows the changes.
 */
public final class RunProvenance {

    private RunProvenance() {}

    /** A run setting's value, marked when it is only the run's default, which a strategy's own replaces. */
    private static String runValue(RunSettings s, RunSetting setting, String value) {
        return s.isExplicit(setting) ? value : value + " (the run's default; a strategy with its own uses that)";
    }

    /**
     * Describes a run at its start.
     *
     * @param s the settings
     * @param network the network as the run receives it (before any growth)
     * @return setting name to description, in a fixed order
     */
    public static Map<String, String> of(RunSettings s, Block network) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("strategy", s.strategy().describe());
        m.put(Replay.NETWORK, network.getClass().getSimpleName() + " " + network);
        m.put("inputShape", s.inputShape().toString());
        m.put("optimizer", runValue(s, RunSetting.OPTIMIZER, Describe.of(s.optimizer())));
        m.put("schedule", runValue(s, RunSetting.SCHEDULE, Describe.of(s.schedule())));
        m.put("learningRateScale", Double.toString(s.learningRateScale()));
        m.put("batchSize", runValue(s, RunSetting.BATCH_SIZE, Integer.toString(s.batchSize())));
        // a strategy trains with a run setting only if it was set: the choice is part of the run
        m.put("setOnRun", s.explicit().stream().map(RunSetting::key).toList().toString());
        m.put("seed", Long.toString(s.seed()));
        m.put("train", DataFingerprint.of(s.train()));
        m.put("validation", DataFingerprint.of(s.validation()));
        m.put("preprocess", Describe.of(s.preprocess()));
        m.put("augment", Describe.of(s.augment()));
        m.put("devices", Arrays.toString(s.devices()));
        return m;
    }

    /**
     * Describes the software a run ran on: the versions of DJL, its engine and Java.
     *
     * @return name to version, in a fixed order
     */
    public static Map<String, String> versions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DJL", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        m.put("engine", engine.getEngineName() + " " + engine.getVersion());
        m.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        return m;
    }
}
