package io.resgrow.core.placement;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a network's parameters live and where its branches run: every parameter of a routed branch
 * on its branch's slot, every other parameter on the home slot. Made by {@link Placer}; the engine
 * reads it to keep each parameter, its gradient and its optimizer state on its device. With
 * data-parallel groups the parameters live in the first group; the other groups hold replicas on
 * the corresponding slots of their own (made by the engine's parameter store).
 *
 * @param slots all slots, in groups of {@code groupSize}, the home slot of each group first
 * @param groupSize slots per data-parallel group
 * @param functions every routed branch, in network order
 * @param macsPerSlot MACs per sample each slot of a group computes (the home slot also runs
 *     everything that is not a routed branch: stem, shortcuts, classifier)
 * @param transfers the counter the routes count activation transfers in
 * @param slotOf each placed parameter's slot (identity keys)
 */
public record NetworkPlacement(
        List<Slot> slots,
        int groupSize,
        List<PlacedBranch> functions,
        long[] macsPerSlot,
        TransferCounter transfers,
        Map<Parameter, Slot> slotOf) {

    /**
     * One routed branch.
     *
     * @param block the path of its block in the network, e.g. {@code net/02Stage/01ResidualBlock}
     * @param branch its index in the block, from 0
     * @param slot where it runs
     * @param macs its MACs per sample
     */
    public record PlacedBranch(String block, int branch, Slot slot, long macs) {}

    /** Copies the collections (the parameter map keeps identity keys). */
    public NetworkPlacement {
        slots = List.copyOf(slots);
        functions = List.copyOf(functions);
        macsPerSlot = macsPerSlot.clone();
        Map<Parameter, Slot> copy = new IdentityHashMap<>(slotOf);
        slotOf = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the slots of each data-parallel group.
     *
     * @return the groups, each home first
     */
    public List<List<Slot>> groups() {
        return groups(slots, groupSize);
    }

    /**
     * Cuts a slot list into consecutive data-parallel groups.
     *
     * @param slots all slots, each group's home first
     * @param groupSize slots per group
     * @return the groups
     */
    static List<List<Slot>> groups(List<Slot> slots, int groupSize) {
        List<List<Slot>> out = new ArrayList<>();
        for (int i = 0; i < slots.size(); i += groupSize) {
            out.add(slots.subList(i, i + groupSize));
        }
        return out;
    }

    /**
     * Returns the home device of every group: where each group's share of a batch goes.
     *
     * @return one device per group
     */
    public Device[] homeDevices() {
        return groups().stream().map(g -> g.get(0).device()).toArray(Device[]::new);
    }

    /**
     * Returns the home slot (the block inputs, outputs and all unrouted parameters live there).
     *
     * @return the first slot
     */
    public Slot home() {
        return slots.get(0);
    }

    /**
     * Returns the slot of a parameter: its branch's, or home for any other parameter.
     *
     * @param parameter the parameter
     * @return its slot
     */
    public Slot slot(Parameter parameter) {
        return slotOf.getOrDefault(parameter, home());
    }

    /**
     * Returns the real device of each named parameter's slot, for placing optimizer state by name.
     *
     * @param names parameter to stable name
     * @return stable name to device
     */
    public Map<String, Device> devicesByName(Map<Parameter, String> names) {
        Map<String, Device> out = new LinkedHashMap<>();
        names.forEach((p, n) -> out.put(n, slot(p).device()));
        return out;
    }
}
