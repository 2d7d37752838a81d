package io.resgrow.spark;

import ai.djl.Device;
import io.resgrow.core.check.InvalidSettingException;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device a task trains on: the first GPU Spark assigned to the task (a cluster that schedules
 * GPUs: {@code spark.executor.resource.gpu.amount}, {@code spark.task.resource.gpu.amount=1} and a
 * discovery script), else none, and the task's run then takes the engine's default devices, as the
 * same run in one process on that machine would (the CPU where there is no GPU). Spark gives every
 * task its own addresses, so two tasks on one machine never share a GPU. A GPU executor needs the
 * CUDA natives of libtorch with the job's jars ({@code pytorch-native-cu*} in place of {@code
 * pytorch-native-cpu}; docs/gpu.md).
 */
final class ExecutorDevice {

    /** Spark's name of the GPU resource. */
    static final String GPU = "gpu";

    private ExecutorDevice() {}

    /**
     * Returns the task's device.
     *
     * @param task the running task's context, or null outside a task
     * @return {@code gpu(N)} for the task's first GPU address N, else null (the run's default devices)
     * @throws InvalidSettingException if the address is not a CUDA device number
     */
    static Device of(TaskContext task) {
        if (task == null) {
            return null;
        }
        ResourceInformation gpu = task.resourcesJMap().get(GPU);
        if (gpu == null || gpu.addresses().length == 0) {
            return null;
        }
        String first = gpu.addresses()[0];
        try {
            return Device.gpu(Integer.parseInt(first.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(
                    "spark.resources.discoveryPlugin / the GPU discovery script",
                    Arrays.toString(gpu.addresses()),
                    "GPU addresses that are CUDA device numbers (0, 1, ...)",
                    "make the discovery script print the CUDA indices, as Spark's getGpusResources.sh does");
        }
    }
}
