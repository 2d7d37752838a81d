package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's part of the catalogue of malformed configurations: each is refused with exit
 * code 2 and one message naming the option as typed ({@code --batch-size}, never the builder's
 * {@code batchSize}), the value, what is valid and a fix; nothing is printed on stdout and nothing
 * is written, because options are checked before any data is read.
 */
class BadOptionsCatalogueTest {

    @TempDir
    static Path dir;

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private record Case(String option, String received, String expected, String... args) {}

    private static Case bad(String option, String received, String expected, String... args) {
        return new Case(option, received, expected, args);
    }

    @TestFactory
    Stream<DynamicTest> train() {
        return Stream.of(
                        bad(
                                "--strategy",
                                "nope",
                                "plain, multilevel, incremental, partitioned or modelparallel",
                                "--strategy",
                                "nope"),
                        bad("--epochs", "0", ">= 1", "--epochs", "0"),
                        bad("--epochs", "-3", ">= 1", "--epochs", "-3"),
                        bad("--batch-size", "0", ">= 1", "--batch-size", "0"),
                        bad("--batch-size", "0", ">= 1", "--strategy", "multilevel", "--batch-size", "0"),
                        bad(
                                "--threads",
                                "0",
                                "1 to " + CORES + " (the processors this process may use)",
                                "--threads",
                                "0"),
                        bad(
                                "--threads",
                                Integer.toString(CORES + 1),
                                "1 to " + CORES,
                                "--threads",
                                Integer.toString(CORES + 1)),
                        bad("--lr", "0.0", "> 0", "--lr", "0"),
                        bad("--lr", "-0.1", "> 0", "--lr", "-0.1"),
                        bad("--lr", "NaN", "> 0", "--lr", "NaN"),
                        bad("--lr", "Infinity", "finite", "--lr", "Infinity"),
                        bad("--train-limit", "5", ">= 10", "--train-limit", "5"),
                        bad(
                                "--train-limit",
                                "5000",
                                "at most the 2000 training images of --data synthetic",
                                "--train-limit",
                                "5000"),
                        bad(
                                "--start-blocks",
                                "1,1,1",
                                "no --start-blocks with --arch vgg (a VGG is set by --depth, --width-scale, --batch-norm,"
                                        + " --fc-widths and --pad)",
                                "--strategy",
                                "incremental",
                                "--arch",
                                "vgg",
                                "--start-blocks",
                                "1,1,1"),
                        bad(
                                "--blocks",
                                "1,1,1",
                                "no --blocks with --arch vgg",
                                "incremental",
                                "--arch",
                                "vgg",
                                "--blocks",
                                "1,1,1"),
                        bad(
                                "--depth",
                                "16",
                                "no --depth with --arch resnet (a ResNet is set by --blocks and --widths)",
                                "incremental",
                                "--depth",
                                "16"),
                        bad("--cycles", "4,0,4", "integers >= 1", "multilevel", "--cycles", "4,0,4"),
                        bad("--groups", "3", "[1, 2]", "modelparallel", "partitioned", "--groups", "3"),
                        bad("--blocks", "2,x,2", "comma-separated integers", "--blocks", "2,x,2"),
                        bad("--blocks", "2,0,2", "integers >= 1", "--blocks", "2,0,2"),
                        bad("--widths", "16,32", "one width per stage of --blocks 2,2,2 (3)", "--widths", "16,32"),
                        bad("--widths", "16,-32,64", "integers", "--widths", "16,-32,64"),
                        bad("--data", "/no/such/dir", "a directory of IDX files", "--data", "/no/such/dir"),
                        bad(
                                "--cycle-unit",
                                "hours",
                                "epochs or steps",
                                "--strategy",
                                "multilevel",
                                "--cycle-unit",
                                "hours"),
                        bad("--cycles", "4,0,4", "integers >= 1", "--strategy", "multilevel", "--cycles", "4,0,4"),
                        bad(
                                "--cycle-ends",
                                "[60, 50]",
                                "strictly increasing",
                                "--strategy",
                                "multilevel",
                                "--cycle-ends",
                                "60,50"),
                        bad(
                                "--devices",
                                "gpu0,gpu1",
                                "no GPU found",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "gpu0,gpu1"),
                        bad(
                                "--cycles",
                                "1,1,1",
                                "--cycles or --cycle-ends, not both",
                                "--strategy",
                                "multilevel",
                                "--cycles",
                                "1,1,1",
                                "--cycle-ends",
                                "2,4,6"),
                        bad("--eta-max", "0.0", "> 0", "--strategy", "multilevel", "--eta-max", "0"),
                        bad("--eta-min", "-0.001", ">= 0", "--strategy", "multilevel", "--eta-min", "-0.001"),
                        bad(
                                "--eta-min",
                                "0.9",
                                "at most --eta-max (0.5)",
                                "--strategy",
                                "multilevel",
                                "--eta-min",
                                "0.9"),
                        bad("--divergence-check", "0", ">= 1", "--divergence-check", "0"),
                        bad(
                                "--keep-checkpoints",
                                "0",
                                ">= 1",
                                "--keep-checkpoints",
                                "0",
                                "--checkpoint-dir",
                                dir.resolve("ckpt").toString()),
                        bad(
                                "--checkpoint-every-steps",
                                "-1",
                                ">= 0",
                                "--checkpoint-every-steps",
                                "-1",
                                "--checkpoint-dir",
                                dir.resolve("ckpt").toString()),
                        bad("--resume", "true", "--checkpoint-dir", "--resume"),
                        bad("--rollbacks", "-1", ">= 0", "--rollbacks", "-1"),
                        bad("--rollbacks", "2", "--checkpoint-dir", "--rollbacks", "2"),
                        bad("--lr-scale", "0.0", "> 0", "--lr-scale", "0"),
                        bad("--arch", "alexnet", "resnet or vgg", "--strategy", "incremental", "--arch", "alexnet"),
                        bad("--ws", "1", ">= 2", "--strategy", "incremental", "--ws", "1"),
                        bad("--gamma", "0.0", "> 0", "--strategy", "incremental", "--gamma", "0"),
                        bad("--gamma", "-0.5", "> 0", "--strategy", "incremental", "--gamma", "-0.5"),
                        bad("--lookahead-epochs", "0", ">= 1", "--strategy", "incremental", "--lookahead-epochs", "0"),
                        bad(
                                "--max-epochs-per-stage",
                                "-1",
                                ">= 0",
                                "--strategy",
                                "incremental",
                                "--max-epochs-per-stage",
                                "-1"),
                        bad("--init", "warm", "lookahead or random", "--strategy", "incremental", "--init", "warm"),
                        bad(
                                "--eta-min",
                                "0.001",
                                "only with --eta-max",
                                "--strategy",
                                "incremental",
                                "--eta-min",
                                "0.001"),
                        bad(
                                "--lr",
                                "0.01",
                                "no --lr with --eta-max",
                                "--strategy",
                                "incremental",
                                "--lr",
                                "0.01",
                                "--eta-max",
                                "0.1"),
                        bad(
                                "--eta-min",
                                "0.5",
                                "at most --eta-max (0.1)",
                                "--strategy",
                                "incremental",
                                "--eta-max",
                                "0.1",
                                "--eta-min",
                                "0.5"),
                        bad(
                                "--max-epochs-per-stage",
                                "0",
                                "at least 1 with --eta-max",
                                "--strategy",
                                "incremental",
                                "--eta-max",
                                "0.1",
                                "--max-epochs-per-stage",
                                "0"),
                        bad("--tradeoff", "flops:-1", "X > 0", "--strategy", "incremental", "--tradeoff", "flops:-1"),
                        bad(
                                "--tradeoff",
                                "joules:5",
                                "none, mflop:X",
                                "--strategy",
                                "incremental",
                                "--tradeoff",
                                "joules:5"),
                        bad(
                                "--width-scale",
                                "0.0",
                                "> 0",
                                "--strategy",
                                "incremental",
                                "--arch",
                                "vgg",
                                "--width-scale",
                                "0"),
                        bad("--pad", "-1", ">= 0", "plain", "--arch", "vgg", "--pad", "-1"),
                        bad("--depth", "12", "one of 11, 13, 16, 19", "plain", "--arch", "vgg", "--depth", "12"),
                        bad(
                                "--pad",
                                "2",
                                "no --pad with --arch resnet (a ResNet is set by --blocks and --widths)",
                                "plain",
                                "--pad",
                                "2"),
                        bad(
                                "--widths",
                                "8,16",
                                "no --widths with --arch vgg",
                                "plain",
                                "--arch",
                                "vgg",
                                "--widths",
                                "8,16"),
                        bad("--depth", "12", "6n+4", "--strategy", "partitioned", "--depth", "12"),
                        bad("--branches", "0", ">= 1", "--strategy", "partitioned", "--branches", "0"),
                        bad("--widen", "0", ">= 1", "--strategy", "partitioned", "--widen", "0"),
                        bad("--hidden", "0", ">= 1", "--strategy", "partitioned", "--hidden", "0"),
                        bad("--subset", "0.0", "(0, 1]", "--strategy", "partitioned", "--subset", "0"),
                        bad("--subset", "1.5", "(0, 1]", "--strategy", "partitioned", "--subset", "1.5"),
                        bad(
                                "--subset",
                                "0.5",
                                "with --disjoint",
                                "--strategy",
                                "partitioned",
                                "--subset",
                                "0.5",
                                "--branches",
                                "3",
                                "--disjoint"),
                        bad(
                                "--stage-epochs",
                                "0,2,2",
                                "epochs per branch >= 1",
                                "--strategy",
                                "partitioned",
                                "--stage-epochs",
                                "0,2,2"),
                        bad(
                                "--stage-epochs",
                                "4,0,2",
                                "of the head >= 1",
                                "--strategy",
                                "partitioned",
                                "--stage-epochs",
                                "4,0,2"),
                        bad(
                                "--stage-epochs",
                                "4,2",
                                "three comma-separated values",
                                "--strategy",
                                "partitioned",
                                "--stage-epochs",
                                "4,2"),
                        bad(
                                "--stage-lrs",
                                "0.1,0,1e-4",
                                "three finite numbers > 0",
                                "--strategy",
                                "partitioned",
                                "--stage-lrs",
                                "0.1,0,1e-4"),
                        bad(
                                "--stage-batch-sizes",
                                "128,0,88",
                                "integers >= 1",
                                "--strategy",
                                "partitioned",
                                "--stage-batch-sizes",
                                "128,0,88"),
                        bad(
                                "--batch-size",
                                "64",
                                "either --batch-size or --stage-batch-sizes",
                                "--strategy",
                                "partitioned",
                                "--batch-size",
                                "64",
                                "--stage-batch-sizes",
                                "128,300,88"),
                        bad("--scale-epochs", "0.0", "> 0", "--strategy", "partitioned", "--scale-epochs", "0"),
                        bad(
                                "--devices",
                                "\"\"",
                                "a comma-separated device list",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                ""),
                        bad(
                                "--devices",
                                "cpu,tpu0",
                                "'tpu0' is none of them",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "cpu,tpu0"),
                        bad(
                                "--groups",
                                "3",
                                "[1, 2]",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "cpu,cpu",
                                "--groups",
                                "3"),
                        bad(
                                "--groups",
                                "2",
                                "a divisor of the 3 devices",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "cpu,cpu,cpu",
                                "--groups",
                                "2"),
                        bad(
                                "--devices",
                                "cpu,cpu,",
                                "'' is none of them",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "cpu,cpu,"),
                        bad(
                                "--groups",
                                "2x",
                                "GROUPSxSIZE such as 2x2",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "cpu,cpu",
                                "--groups",
                                "2x"),
                        bad(
                                "--groups",
                                "two",
                                "GROUPSxSIZE such as 2x2",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "cpu,cpu,cpu,cpu",
                                "--groups",
                                "two"),
                        bad(
                                "--groups",
                                "2x3",
                                "GROUPSxSIZE covering the 4 devices",
                                "--strategy",
                                "modelparallel",
                                "--devices",
                                "cpu,cpu,cpu,cpu",
                                "--groups",
                                "2x3"),
                        bad(
                                "--inner",
                                "nope",
                                "plain, multilevel, incremental or partitioned",
                                "--strategy",
                                "modelparallel",
                                "--inner",
                                "nope"),
                        bad(
                                "--arch",
                                "vgg",
                                "resnet (incremental growth of a ResNet with --k residual functions per block",
                                "--strategy",
                                "modelparallel",
                                "--inner",
                                "incremental",
                                "--arch",
                                "vgg"),
                        bad(
                                "--offload",
                                "true",
                                "no --offload under --strategy modelparallel",
                                "--strategy",
                                "modelparallel",
                                "--inner",
                                "partitioned",
                                "--offload"),
                        bad(
                                "--arch",
                                "multires",
                                "monolith (partitioned training places MonolithNet's branches)",
                                "--strategy",
                                "modelparallel",
                                "--inner",
                                "partitioned",
                                "--arch",
                                "multires"),
                        bad(
                                "--placement",
                                "0,1",
                                "one device index per function (--branches 3)",
                                "--strategy",
                                "modelparallel",
                                "--inner",
                                "partitioned",
                                "--placement",
                                "0,1"),
                        bad("--arch", "vgg", "multires", "--strategy", "modelparallel", "--arch", "vgg"),
                        bad("--k", "0", ">= 1", "--strategy", "modelparallel", "--k", "0"),
                        bad("--depth", "12", "6n+2", "--strategy", "modelparallel", "--depth", "12"),
                        bad(
                                "--placement",
                                "0,2",
                                "one device index in [0, 2)",
                                "--strategy",
                                "modelparallel",
                                "--placement",
                                "0,2"),
                        bad(
                                "--placement",
                                "1",
                                "one device index per function (--k 2)",
                                "--strategy",
                                "modelparallel",
                                "--placement",
                                "1"),
                        bad(
                                "--cycles",
                                "4,0,4",
                                "integers >= 1",
                                "--strategy",
                                "modelparallel",
                                "--inner",
                                "multilevel",
                                "--cycles",
                                "4,0,4"))
                .map(c -> DynamicTest.dynamicTest(String.join(" ", c.args()), () -> check("train", c)));
    }

    @TestFactory
    Stream<DynamicTest> describe() {
        return Stream.of(
                        bad("--arch", "nope", "resnet, wrn, multires, monolith or vgg", "--arch", "nope"),
                        bad("--input", "3,32", "channels,height,width", "--input", "3,32"),
                        bad("--depth", "27", "6n+4", "--arch", "wrn", "--depth", "27"),
                        bad("--widen", "0", ">= 1", "--arch", "wrn", "--widen", "0"),
                        bad("--depth", "27", "6n+2", "--arch", "multires", "--depth", "27"),
                        bad("--k", "0", ">= 1", "--arch", "multires", "--depth", "26", "--k", "0"),
                        bad("--branches", "0", ">= 1", "--arch", "monolith", "--depth", "10", "--branches", "0"),
                        bad("--hidden", "0", ">= 1", "--arch", "monolith", "--depth", "10", "--hidden", "0"),
                        bad("--classes", "0", ">= 1", "--arch", "resnet", "--classes", "0"),
                        bad("--widths", "[16, 32]", "one width per stage", "--arch", "resnet", "--widths", "16,32"),
                        bad("--depth", "15", "one of 11, 13, 16, 19", "--arch", "vgg", "--depth", "15"),
                        bad("--pad", "-1", ">= 0", "--arch", "vgg", "--pad", "-1"),
                        bad("--input", "3x16x16", "height and width >= 32", "--arch", "vgg", "--input", "3,16,16"))
                .map(c ->
                        DynamicTest.dynamicTest("describe " + String.join(" ", c.args()), () -> check("describe", c)));
    }

    private static void check(String command, Case c) {
        boolean train = command.equals("train");
        Stream<String> data =
                !train || Arrays.asList(c.args()).contains("--data") ? Stream.of() : Stream.of("--data", "synthetic");
        Stream<String> common =
                train ? Stream.of("--quiet", "--report", dir.resolve("report").toString()) : Stream.of();
        // the subcommand form names the strategy first: train incremental --quiet ...
        int names =
                (int) Arrays.stream(c.args()).takeWhile(a -> !a.startsWith("-")).count();
        String[] args = Stream.of(
                        Stream.of(command),
                        Arrays.stream(c.args()).limit(names),
                        common,
                        data,
                        Arrays.stream(c.args()).skip(names))
                .flatMap(s -> s)
                .toArray(String[]::new);
        Result r = run(args);
        assertEquals(2, r.code(), r.err());
        String head = "error: Invalid value for '" + c.option() + "'. Received: " + c.option() + "=" + c.received()
                + ". Expected: ";
        assertTrue(r.err().startsWith(head), () -> "stderr should start with <" + head + ">: " + r.err());
        int fix = r.err().indexOf(". Fix: ");
        assertTrue(fix > 0 && r.err().substring(head.length(), fix).contains(c.expected()), r.err());
        assertFalse(r.err().contains("--stacktrace"), "an input error is not unexpected: " + r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(dir.resolve("report")), "work was done before the options were checked");
        assertFalse(Files.exists(dir.resolve("ckpt")), "work was done before the options were checked");
    }

    /** An option of another strategy is unknown to the strategy's subcommand, in either form. */
    @TestFactory
    Stream<DynamicTest> anOptionOfAnotherStrategyIsUnknown() {
        return Stream.of(
                        List.of("multilevel", "--epochs", "--strategy", "multilevel", "--epochs", "6"),
                        List.of(
                                "modelparallel multilevel",
                                "--epochs",
                                "--strategy",
                                "modelparallel",
                                "--inner",
                                "multilevel",
                                "--epochs",
                                "3"),
                        List.of("multilevel", "--lr", "--strategy", "multilevel", "--lr", "0.1"),
                        List.of("plain", "--cycles", "--cycles", "2,2"),
                        List.of("partitioned", "--blocks", "--strategy", "partitioned", "--blocks", "1,1,1"),
                        List.of("plain", "--hidden", "--hidden", "16"),
                        List.of("plain", "--devices", "--devices", "cpu,cpu"),
                        List.of("partitioned", "--k", "partitioned", "--k", "2"),
                        List.of(
                                "modelparallel incremental",
                                "--epochs",
                                "modelparallel",
                                "incremental",
                                "--epochs",
                                "3"),
                        List.of("partitioned", "--lr", "--strategy", "partitioned", "--lr", "0.1"))
                .map(c -> DynamicTest.dynamicTest(String.join(" ", c.subList(2, c.size())), () -> {
                    List<String> line = new ArrayList<>(List.of("train"));
                    line.addAll(c.subList(2, c.size()));
                    line.addAll(List.of("--data", "synthetic"));
                    Result r = run(line.toArray(String[]::new));
                    assertEquals(2, r.code(), r.err());
                    assertTrue(r.err().startsWith("error: Unknown option"), r.err());
                    assertTrue(r.err().contains("'" + c.get(1) + "'"), r.err());
                    assertTrue(
                            r.err().contains("Run 'resgrow train " + c.get(0) + " --help' for the options."), r.err());
                    assertEquals("", r.out());
                }));
    }

    /** Newcomer problem: train --strategy partitioned --help printed every strategy's options (178 lines). */
    @Test
    void aStrategysHelpListsOnlyTheSharedOptionsAndItsOwn() {
        Result r = run("train", "partitioned", "--help");
        assertEquals(0, r.code(), r.err());
        for (String own :
                List.of("--stage-epochs", "--branches", "--offload", "--data", "--checkpoint-dir", "--html")) {
            assertTrue(r.out().contains(own), own + " missing: " + r.out());
        }
        for (String other : List.of("--cycles=", "--epochs=", "--devices=", "--ws=", "--blocks=", "--lr=", "--k=")) {
            assertFalse(r.out().contains(other), other + " is no option of partitioned: " + r.out());
        }
        assertTrue(r.out().lines().count() < 100, r.out().lines().count() + " lines");
        assertEquals(
                r.out(), run("train", "--strategy", "partitioned", "--help").out(), "the alias's help");
        Result train = run("train", "--help");
        assertEquals(0, train.code(), train.err());
        for (String s : List.of("plain", "multilevel", "incremental", "partitioned", "modelparallel")) {
            assertTrue(train.out().contains("\n  " + s + " "), s + " missing: " + train.out());
        }
        Result placed = run("train", "modelparallel", "multilevel", "--help");
        assertTrue(
                placed.out().contains("--devices")
                        && placed.out().contains("--cycles")
                        && !placed.out().contains("--blocks"),
                placed.out());
    }

    @Test
    void picocliNamesAMalformedOrUnknownOptionAndSuggestsTheRightOne() {
        Result r = run("train", "--epochs", "abc");
        assertEquals(2, r.code());
        assertEquals(
                "error: Invalid value for option '--epochs': 'abc' is not an int\n"
                        + "Run 'resgrow train plain --help' for the options.\n",
                r.err());
        r = run("train", "--epoch", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown options: '--epoch', '3'\nPossible solutions: --epochs"), r.err());
    }
}
