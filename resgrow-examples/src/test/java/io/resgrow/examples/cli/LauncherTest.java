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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals(List.of(ResgrowCli.class.getName(), "train", "--epochs", "2"), cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(cmd.contains("-D" + Launcher.CHILD + "=true"), cmd.toString());
        assertTrue(cmd.contains(System.getProperty("java.class.path")), cmd.toString());
    }

    private static ProcessBuilder cli(Path log, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ResgrowCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("RESGROW_RELAUNCH");
        return pb;
    }

    @Test
    void theChildsExitCodeAndOutputAreTheCommands(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        Process p = cli(log, "bench", "everything").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("everything"), Files.readString(log));
    }

    @Test
    void theChildDiesWithAKilledParent(@TempDir Path dir) throws Exception {
        Process parent = cli(dir.resolve("log"), "train", "--data", "synthetic", "--train-limit", "400", "--epochs", "1000",
                "--widths", "4,8,8", "--blocks", "1,1,1", "--quiet").start();
        Optional<ProcessHandle> child = Optional.empty();
        for (int i = 0; i < 600 && child.isEmpty() && parent.isAlive(); i++) {
            child = parent.children().findFirst();
            Thread.sleep(50);
        }
        assertTrue(child.isPresent(), "no child JVM: " + Files.readString(dir.resolve("log")));
        assertTrue(child.get().info().arguments().map(a -> List.of(a).contains("-D" + Launcher.CHILD + "=true"))
                .orElse(true), "the child is the relaunched command");
        parent.destroyForcibly().waitFor();
        assertTrue(child.get().onExit().get(20, TimeUnit.SECONDS) != null && !child.get().isAlive(),
                "the child outlived its killed parent");
    }
}
