package io.resgrow.models.wrn;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.Shortcut;
import io.resgrow.models.resnet.ResNetBuilder;

/**
 * Wide residual networks WRN-d-k (Zagoruyko and Komodakis, 2016): depth {@code d = 6n + 4}, three
 * stages of {@code n} pre-activation basic blocks with widths 16k, 32k, 64k, a stem of 16
 * channels, projection shortcuts where the shape changes, optional dropout between the
 * convolutions. WRN-28-10 on CIFAR-10 has 36,479,194 parameters.
 */
public final class WideResNets {

    private WideResNets() {}

    /**
     * Returns the blocks per stage of a depth.
     *
     * @param depth d = 6n + 4, n >= 1
     * @return n
     */
    public static int blocksPerStage(int depth) {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new InvalidSettingException(
                    "depth",
                    depth,
                    "6n+4 with n >= 1 (10, 16, 22, 28, 34, 40, ...)",
                    "choose a depth such as 16 or 28");
        }
        return (depth - 4) / 6;
    }

    /**
     * Returns a builder preset for WRN-d-k (change input channels, classes, dropout on it).
     *
     * @param depth d = 6n + 4
     * @param widen k >= 1
     * @return the builder
     */
    public static ResNetBuilder builder(int depth, int widen) {
        int n = blocksPerStage(depth);
        if (widen < 1) {
            throw new InvalidSettingException("widen", widen, "an integer >= 1", "use widen 1 or more");
        }
        return new ResNetBuilder()
                .blocks(n, n, n)
                .widths(16 * widen, 32 * widen, 64 * widen)
                .stemWidth(16)
                .shortcut(Shortcut.PROJECTION);
    }

    /**
     * Builds WRN-d-k.
     *
     * @param depth d = 6n + 4
     * @param widen k
     * @param inputChannels input channels
     * @param classes classes
     * @return the network
     */
    public static ResNet create(int depth, int widen, int inputChannels, int classes) {
        return builder(depth, widen)
                .inputChannels(inputChannels)
                .classes(classes)
                .build();
    }
}
