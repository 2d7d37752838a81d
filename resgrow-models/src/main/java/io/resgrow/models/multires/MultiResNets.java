package io.resgrow.models.multires;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.Shortcut;
import io.resgrow.models.resnet.ResNetBuilder;

/**
 * Multi-residual networks (Abdi and Nahavandi, 2016): every block computes {@code x + sum_i
 * f_i(x)} with {@code k} residual functions. Built on the WRN layout (stem of 16, widths 16w, 32w,
 * 64w, projection shortcuts). Depth counts the layers along one path: {@code 6n + 2} with basic
 * functions, {@code 9n + 2} with bottlenecks, {@code n} blocks per stage.
 */
public final class MultiResNets {

    private MultiResNets() {}

    /**
     * Returns a builder preset for a multi-residual network.
     *
     * @param depth 6n+2 (basic) or 9n+2 (bottleneck)
     * @param k residual functions per block, >= 1
     * @param widen width multiplier, >= 1
     * @param bottleneck whether the functions are bottlenecks
     * @return the builder
     */
    public static ResNetBuilder builder(int depth, int k, int widen, boolean bottleneck) {
        int per = bottleneck ? 9 : 6;
        if (depth < per + 2 || (depth - 2) % per != 0) {
            throw new InvalidSettingException(
                    "depth",
                    depth,
                    per + "n+2 with n >= 1" + (bottleneck ? " (bottleneck)" : " (basic)"),
                    "choose a depth such as " + (per * 2 + 2) + " or " + (per * 4 + 2));
        }
        if (k < 1) {
            throw new InvalidSettingException("k", k, "an integer >= 1", "use k = 1 (a ResNet) or more");
        }
        if (widen < 1) {
            throw new InvalidSettingException("widen", widen, "an integer >= 1", "use widen 1 or more");
        }
        int n = (depth - 2) / per;
        return new ResNetBuilder()
                .blocks(n, n, n)
                .widths(16 * widen, 32 * widen, 64 * widen)
                .stemWidth(16)
                .shortcut(Shortcut.PROJECTION)
                .functionsPerBlock(k)
                .bottleneck(bottleneck);
    }

    /**
     * Builds a multi-residual network with basic functions.
     *
     * @param depth 6n+2
     * @param k functions per block
     * @param widen width multiplier
     * @param inputChannels input channels
     * @param classes classes
     * @return the network
     */
    public static ResNet create(int depth, int k, int widen, int inputChannels, int classes) {
        return builder(depth, k, widen, false)
                .inputChannels(inputChannels)
                .classes(classes)
                .build();
    }
}
