package io.resgrow.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** The end-to-end effect (libgomp reading the policy) is checked through the command line, in LauncherTest. */
class SharedCoresTest {

    @Test
    void onceLibtorchIsLoadedItIsTooLateUnlessTheEnvironmentHasAPolicy() {
        Engine.getEngine("PyTorch");
        assertTrue(SharedCores.libtorchLoaded(), "this JVM has loaded libtorch");
        boolean policyGiven = System.getenv(SharedCores.WAIT_POLICY) != null;
        assertEquals(policyGiven, SharedCores.prepare(),
                "prepare() after libtorch loaded must report it could not set the policy");
    }
}
