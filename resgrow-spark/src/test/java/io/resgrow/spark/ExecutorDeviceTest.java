package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ai.djl.Device;
import io.resgrow.core.check.InvalidSettingException;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/**
 * The device of a task from the resources Spark assigned it; the task's context is a Mockito mock
 * (this machine has no GPU and no GPU scheduling).
 */
class ExecutorDeviceTest {

    private static TaskContext task(Map<String, ResourceInformation> resources) {
        TaskContext tc = mock(TaskContext.class);
        when(tc.resourcesJMap()).thenReturn(resources);
        return tc;
    }

    @Test
    void aTaskWithGpusTrainsOnItsFirst() {
        TaskContext tc = task(Map.of("gpu", new ResourceInformation("gpu", new String[] {"3", "1"})));
        assertEquals(Device.gpu(3), ExecutorDevice.of(tc));
    }

    @Test
    void aTaskWithoutGpusOrOutsideATaskTakesTheRunsDefaultDevices() {
        assertNull(ExecutorDevice.of(task(Map.of())));
        assertNull(ExecutorDevice.of(task(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"})))));
        assertNull(ExecutorDevice.of(null));
    }

    @Test
    void anAddressThatIsNoCudaNumberIsRefused() {
        TaskContext tc = task(Map.of("gpu", new ResourceInformation("gpu", new String[] {"GPU-5f2a"})));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ExecutorDevice.of(tc));
        assertTrue(e.getMessage().contains("GPU-5f2a"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA device numbers"), e.getMessage());
    }
}
