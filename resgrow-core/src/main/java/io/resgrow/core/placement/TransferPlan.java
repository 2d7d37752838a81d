package io.resgrow.core.placement;

import java.util.List;

/**
 * What placing the residual functions of each block on several devices costs in traffic per
 * training step, from shapes alone: each block's input goes from its home device to every other
 * device holding one of its functions, and each such device sends its partial sum back; backward,
 * the output's gradient goes out and the input's gradient comes back. Weights never move.
 *
 * @param transfers device-to-device copies per step
 * @param bytes bytes moved per step (float32)
 */
public record TransferPlan(long transfers, long bytes) {

    /**
     * One placed block: the elements of one sample's input and output, and how many devices hold
     * its functions.
     *
     * @param inputElements elements of one sample's input (C x H x W)
     * @param outputElements elements of one sample's output
     * @param devicesUsed devices holding at least one of its functions, >= 1
     */
    public record Block(long inputElements, long outputElements, int devicesUsed) {}

    /**
     * Sums the traffic of the blocks for a batch.
     *
     * @param blocks the placed blocks
     * @param batch the samples per step (per group)
     * @return transfers and bytes per step
     */
    public static TransferPlan of(List<Block> blocks, int batch) {
        long transfers = 0;
        long bytes = 0;
        for (Block b : blocks) {
            int remote = b.devicesUsed() - 1;
            // forward: input out, partial sums back; backward: output gradient out, input gradient back
            transfers += 4L * remote;
            bytes += 4L * remote * 2 * (b.inputElements() + b.outputElements()) * batch;
        }
        return new TransferPlan(transfers, bytes);
    }
}
