package io.resgrow.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-to-end effect (libgomp reading the policy) is checked through the command line, in LauncherTest. */
class SharedCoresTest {

    @Test
    void onceLibtorchIsLoadedItIsTooLate() {
        Engine.getEngine("PyTorch");
        assertTrue(SharedCores.libtorchLoaded(), "this JVM has loaded libtorch");
        assertFalse(SharedCores.prepare(Map.of()), "prepare() after libtorch loaded must say it is too late");
        assertEquals(Map.of(), SharedCores.applied(), "and set nothing");
    }

    @Test
    void aPolicyInTheEnvironmentIsKept() {
        assertTrue(SharedCores.prepare(Map.of(SharedCores.WAIT_POLICY, "ACTIVE")));
        assertEquals(Map.of(), SharedCores.applied(), "nothing set over the user's choice");
    }
}
