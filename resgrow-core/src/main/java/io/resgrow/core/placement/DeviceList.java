package io.resgrow.core.placement;

import ai.djl.Device;
import io.resgrow.core.check.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a device list ({@code cpu,cpu}, {@code gpu0,gpu1,gpu2,gpu3}) and its grouping into slots
 * for model parallelism within a group and data parallelism across groups: {@code 2x2} makes two
 * groups of two (the paper's K80 pairs), slots {@code 0,1} in group 0 and {@code 2,3} in group 1.
 */
public final class DeviceList {

    private DeviceList() {}

    /**
     * Parses the list into slots.
     *
     * @param option the option or parameter name, as the caller spells it (for errors)
     * @param text e.g. {@code cpu,cpu} or {@code gpu0,gpu1}
     * @param groups how many data-parallel groups, >= 1, dividing the list's length
     * @param groupsOption the groups option's name, for errors
     * @return the slots in order
     */
    public static List<Slot> parse(String option, String text, int groups, String groupsOption) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException(
                    option,
                    text == null ? null : "\"\"",
                    "a comma-separated device list such as cpu,cpu or gpu0,gpu1",
                    "name at least one device");
        }
        // limit -1 keeps trailing empty names ("cpu,cpu,"), which device() then refuses
        String[] names = text.split(",", -1);
        if (groups < 1 || groups > names.length) {
            throw new InvalidSettingException(
                    groupsOption,
                    groups,
                    "an integer in [1, " + names.length + "] (the devices" + " in " + text + ")",
                    "use at most as many groups as devices");
        }
        if (names.length % groups != 0) {
            throw new InvalidSettingException(
                    groupsOption,
                    groups,
                    "a divisor of the " + names.length + " devices in " + text,
                    "list a multiple of " + groups + " devices, or choose another number of groups");
        }
        int perGroup = names.length / groups;
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            slots.add(new Slot(i, device(option, text, names[i].trim()), i / perGroup));
        }
        return slots;
    }

    private static Device device(String option, String text, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.matches("gpu\\d+")) {
            return Device.gpu(Integer.parseInt(n.substring(3)));
        }
        if (n.equals("gpu")) {
            return Device.gpu();
        }
        throw new InvalidSettingException(
                option,
                text,
                "devices named cpu, gpu or gpuN (e.g. gpu0,gpu1); '" + name + "' is none of them",
                "write e.g. cpu,cpu or gpu0,gpu1");
    }
}
