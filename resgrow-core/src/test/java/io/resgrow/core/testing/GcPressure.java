package io.resgrow.core.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the garbage collector's effects on native memory visible in a test: collects, waits for
 * the cleaner to free unreachable direct buffers, then reallocates small direct buffers filled with
 * a poison value, so that native code still reading freed memory reads the poison instead of the
 * stale (and usually still correct) old value. A test that passes only because the collector did
 * not run at the wrong moment fails with this.
 */
public final class GcPressure {

    /** The poison: a float bit pattern that no training produces (a huge negative value). */
    public static final float POISON = -1.2345e30f;

    private GcPressure() {}

    /**
     * Collects, lets the cleaner free direct buffers, and refills freed small blocks with poison.
     *
     * @return the poison buffers: keep them reachable until the code under test has run
     */
    public static List<ByteBuffer> reclaimAndPoison() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ByteBuffer> poison = new ArrayList<>();
        for (int size : new int[] {4, 8, 16, 32, 64}) {
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 4) {
                    b.putFloat(POISON);
                }
                poison.add(b);
            }
        }
        return poison;
    }

    /**
     * Starts a daemon thread that collects and poisons continuously, until the returned handle is
     * closed: run training inside it to put a collection between any two native calls.
     *
     * @return the handle that stops the thread
     */
    public static AutoCloseable hammer() {
        Thread t = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        reclaimAndPoison();
                    }
                },
                "gc-hammer");
        t.setDaemon(true);
        t.start();
        return () -> {
            t.interrupt();
            t.join();
        };
    }
}
