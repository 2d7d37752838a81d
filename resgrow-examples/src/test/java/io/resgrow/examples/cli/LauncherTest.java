package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LauncherTest {

    @Test
    void relaunchesOnlyWithoutAWaitPolicyOutsideTheChildUnlessTurnedOff() {
        assertTrue(Launcher.shouldRelaunch(Map.of(), null));
        assertFalse(Launcher.shouldRelaunch(Map.of("OMP_WAIT_POLICY", "ACTIVE"), null));
        assertFalse(Launcher.shouldRelaunch(Map.of("RESGROW_RELAUNCH", "0"), null));
        assertFalse(Launcher.shouldRelaunch(Map.of(), "true"), "the child never relaunches");
    }

    @Test
    void theChildKeepsTheJvmOptionsAndTheArguments() {
        List<String> cmd = Launcher.childCommand("train", "--epochs", "2");
        assertEquals(
                List.of(ResgrowCli.class.getName(), "train", "--epochs", "2"), cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(cmd.contains("-D" + Launcher.CHILD + "=true"), cmd.toString());
        assertTrue(cmd.contains(System.getProperty("java.class.path")), cmd.toString());
    }

    private static final String[] TINY_TRAIN = {
        "train",
        "--data",
        "synthetic",
        "--train-limit",
        "64",
        "--epochs",
        "1",
        "--widths",
        "4,8,8",
        "--blocks",
        "1,1,1",
        "--quiet"
    };

    /**
     * Runs a tiny training; libgomp itself says which wait policy and spin count it read when
     * libtorch loaded.
     *
     * @return the output, and "child JVM seen" appended if the process started another one
     */
    private static String libgompSettings(Path dir, String relaunch) throws Exception {
        Path log = dir.resolve("log-" + relaunch);
        ProcessBuilder pb = cli(log, TINY_TRAIN);
        pb.environment().put("OMP_DISPLAY_ENV", "verbose");
        if (relaunch != null) {
            pb.environment().put("RESGROW_RELAUNCH", relaunch);
        }
        Process p = pb.start();
        boolean child = false;
        for (int i = 0; i < 6000 && p.isAlive(); i++) {
            // DJL may start a short-lived JVM of its own to ask for GPUs: only the relaunched command counts
            child |= p.children()
                    .anyMatch(c -> c.info()
                            .arguments()
                            .map(a -> List.of(a).contains("-D" + Launcher.CHILD + "=true"))
                            .orElse(false));
            Thread.sleep(20);
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out + (child ? "\nchild JVM seen" : "");
    }

    @Test
    void libtorchReadsThePassivePolicyWithoutASecondJvm(@TempDir Path dir) throws Exception {
        String here = libgompSettings(dir, null);
        assertTrue(here.contains("GOMP_SPINCOUNT = '1000'") && here.contains("OMP_WAIT_POLICY = 'PASSIVE'"), here);
        assertFalse(here.contains("child JVM seen"), here);
        String untouched = libgompSettings(dir, "0");
        assertTrue(
                untouched.contains("GOMP_SPINCOUNT = '300000'"),
                "libgomp's own default when nothing is set: " + untouched);
        String child = libgompSettings(dir, "child");
        assertTrue(child.contains("GOMP_SPINCOUNT = '1000'") && child.contains("child JVM seen"), child);
    }

    private static ProcessBuilder cli(Path log, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ResgrowCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("GOMP_SPINCOUNT");
        pb.environment().remove("RESGROW_RELAUNCH");
        return pb;
    }

    @Test
    void theChildsExitCodeAndOutputAreTheCommands(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        Process p = cli(log, "train", "--strategy", "everything").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("everything"), Files.readString(log));
    }

    @Test
    void theChildDiesWithAKilledParent(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = cli(
                dir.resolve("log"),
                "train",
                "--data",
                "synthetic",
                "--train-limit",
                "400",
                "--epochs",
                "1000",
                "--widths",
                "4,8,8",
                "--blocks",
                "1,1,1",
                "--quiet");
        pb.environment().put("RESGROW_RELAUNCH", "child");
        Process parent = pb.start();
        Optional<ProcessHandle> child = Optional.empty();
        for (int i = 0; i < 600 && child.isEmpty() && parent.isAlive(); i++) {
            child = parent.children().findFirst();
            Thread.sleep(50);
        }
        assertTrue(child.isPresent(), "no child JVM: " + Files.readString(dir.resolve("log")));
        assertTrue(
                child.get()
                        .info()
                        .arguments()
                        .map(a -> List.of(a).contains("-D" + Launcher.CHILD + "=true"))
                        .orElse(true),
                "the child is the relaunched command");
        parent.destroyForcibly().waitFor();
        assertTrue(
                child.get().onExit().get(20, TimeUnit.SECONDS) != null
                        && !child.get().isAlive(),
                "the child outlived its killed parent");
    }
}
