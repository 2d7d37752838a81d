package io.resgrow.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Chooses training devices: every GPU the engine sees, else the CPU. */
public final class Devices {

    private Devices() {}

    /**
     * Returns the default devices.
     *
     * @return all GPUs, or the CPU alone
     */
    public static Device[] defaults() {
        return Engine.getInstance().getDevices();
    }
}
