package io.resgrow.core.placement;

import static io.resgrow.core.testing.Rejections.reject;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import io.resgrow.core.testing.Rejections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PlacementTest {

    @Test
    void balancingPutsTheLargestBranchesFirstOnTheLeastLoadedSlot() {
        // largest first on 2 slots: 9 -> 0, 7 -> 1, 6 -> 1 (7 < 9), 5 -> 0 (9 < 13), 4 -> 1 (13 < 14)
        Placement p = Placement.balanced(new long[] {5, 9, 4, 7, 6}, 2);
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, p.slotOf());
        assertArrayEquals(new long[] {14, 17}, p.macsPerSlot());
        assertEquals(List.of(List.of(0, 1), List.of(2, 3, 4)), p.branchesPerSlot());
        assertArrayEquals(
                new int[] {0, 1, 0, 1, 0}, Placement.roundRobin(new long[5], 2).slotOf());
    }

    @Test
    void cpuCpuGivesTwoSlotsOnTheOneCpuAndGroupsSplitTheList() {
        List<Slot> slots = DeviceList.parse("--devices", "cpu,cpu", 1, "--groups");
        assertEquals(2, slots.size());
        assertEquals(Device.cpu(), slots.get(1).device());
        List<Slot> four = DeviceList.parse("--devices", "gpu0,gpu1,gpu2,gpu3", 2, "--groups");
        assertEquals(List.of(0, 0, 1, 1), four.stream().map(Slot::group).toList());
        assertEquals(Device.gpu(3), four.get(3).device());
    }

    @Test
    void transfersCountFourCopiesPerRemoteDevicePerBlock() {
        // one block, input 16x32x32 = 16384, output the same, functions on 2 devices, batch 128:
        // 4 copies; bytes 4 x 1 x 2 x (16384 + 16384) x 128 = 33,554,432
        TransferPlan t = TransferPlan.of(
                List.of(new TransferPlan.Block(16384, 16384, 2), new TransferPlan.Block(100, 100, 1)), 128);
        assertEquals(4, t.transfers());
        assertEquals(33_554_432L, t.bytes());
    }

    @TestFactory
    Stream<DynamicTest> badDeviceListsAreTypedErrors() {
        return Rejections.tests(
                reject(
                        "empty list",
                        () -> DeviceList.parse("--devices", "", 1, "--groups"),
                        "--devices",
                        "\"\"",
                        "a comma-separated device list"),
                reject(
                        "unknown device",
                        () -> DeviceList.parse("--devices", "cpu,tpu0", 1, "--groups"),
                        "--devices",
                        "cpu,tpu0",
                        "'tpu0' is none of them"),
                reject(
                        "more groups than devices",
                        () -> DeviceList.parse("--devices", "cpu,cpu", 3, "--groups"),
                        "--groups",
                        "3",
                        "[1, 2]"),
                reject(
                        "a group size that does not divide the list",
                        () -> DeviceList.parse("--devices", "cpu,cpu,cpu", 2, "--groups"),
                        "--groups",
                        "2",
                        "a divisor of the 3 devices"),
                reject(
                        "a branch on a slot that does not exist",
                        () -> Placement.explicit(new long[] {1, 2}, 2, new int[] {0, 2}),
                        "slotOf",
                        "[0, 2]",
                        "slots in [0, 2)"));
    }
}
