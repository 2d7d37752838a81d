package io.resgrow.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The tests that run a PyTorch peer: skipped, with the reason, where the peer cannot run. */
public final class TorchPeer {

    private static Boolean torch;

    private TorchPeer() {}

    /** Skips the test unless /usr/bin/python3 can import torch (Debian's python3-torch), which the peer needs. */
    public static synchronized void assumeTorch() {
        if (torch == null) {
            try {
                Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                torch = p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
            } catch (IOException e) {
                torch = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                torch = false;
            }
        }
        assumeTrue(torch, "the PyTorch peer needs /usr/bin/python3 with torch (apt-get install python3-torch)");
    }
}
