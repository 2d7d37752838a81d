package io.resgrow.core.placement;

import ai.djl.Device;

/**
 * A logical device: a place a branch can be put, backed by a real DJL device. Several slots may
 * share one real device (on a CPU, {@code cpu,cpu} gives two slots on the one CPU), so placement
 * can be exercised where there is a single device; DJL itself refuses two CPU entries.
 *
 * @param index the slot's position in the device list, from 0
 * @param device the real device
 * @param group the data-parallel group the slot belongs to, from 0
 */
public record Slot(int index, Device device, int group) {

    @Override
    public String toString() {
        return device + "#" + index;
    }
}
