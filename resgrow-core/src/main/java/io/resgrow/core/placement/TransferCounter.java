package io.resgrow.core.placement;

/**
 * Counts the activation transfers a placement makes between slots: logical transfers, counted
 * whenever source and destination slots differ, even when both slots are the same real device (on
 * a CPU-only machine {@code cpu,cpu} moves nothing but counts everything). A transfer in the forward
 * pass of training implies one gradient transfer back in the backward pass (autograd copies the
 * gradient to the source device), counted with it. (DJL's API cannot tell whether an intermediate
 * array records gradients; a route in a frozen part runs in inference mode, so it counts none.)
 */
public final class TransferCounter {

    private long forward;
    private long backward;
    private long bytes;

    /**
     * Counts one forward transfer of {@code elements} values and, in training, the backward
     * transfer of its gradient.
     *
     * @param elements the array's size
     * @param bytesPerElement the size of one element
     * @param training whether autograd will send a gradient back
     */
    void count(long elements, int bytesPerElement, boolean training) {
        forward++;
        bytes += elements * bytesPerElement;
        if (training) {
            backward++;
            bytes += elements * bytesPerElement;
        }
    }

    /**
     * Returns the transfers so far, forward and backward.
     *
     * @return the count
     */
    public long transfers() {
        return forward + backward;
    }

    /**
     * Returns the forward transfers so far.
     *
     * @return the count
     */
    public long forwardTransfers() {
        return forward;
    }

    /**
     * Returns the bytes moved so far, forward and backward.
     *
     * @return bytes
     */
    public long bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return transfers() + " transfers (" + forward + " forward), " + bytes + " bytes";
    }
}
