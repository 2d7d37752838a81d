package io.resgrow.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code java ... -jar resgrow-bench/target/resgrow-bench.jar ...} in a fenced block of the
 * README, docs/*.md and both BENCHMARKS.md files parses with the current benchmarks and options (without
 * running), and every peer or script they name exists.
 */
class BenchDocsTest {

    private static final Path ROOT = Path.of("..");

    private static final String JAR = "-jar resgrow-bench/target/resgrow-bench.jar";

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(
                ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md"), ROOT.resolve("resgrow-bench/BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The command's words after the jar, up to a pipe, redirection, comment or line continuation. */
    private static List<String> args(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line.substring(line.indexOf(JAR) + JAR.length()));
        while (m.find()) {
            String w = m.group(1) != null ? m.group(1) : m.group(2);
            if (w.equals("\\") || w.equals("|") || w.equals("#") || w.startsWith("2>") || w.equals(">")) {
                break;
            }
            out.add(w);
        }
        return out;
    }

    @Test
    void everyBenchCommandInTheDocsParses() throws IOException {
        int commands = 0;
        for (Path page : pages()) {
            Matcher block =
                    Pattern.compile("```[a-z]*\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(page));
            while (block.find()) {
                for (String line : block.group(1).split("\n")) {
                    if (line.contains(JAR)) {
                        try {
                            new CommandLine(new BenchCommand())
                                    .parseArgs(args(line).toArray(String[]::new));
                        } catch (CommandLine.ParameterException e) {
                            throw new AssertionError(page + ": " + line + ": " + e.getMessage(), e);
                        }
                        commands++;
                    }
                    Matcher file = Pattern.compile("resgrow-bench/(?:peers|scripts)/[\\w./-]*\\w")
                            .matcher(line);
                    while (file.find()) {
                        assertTrue(
                                Files.exists(ROOT.resolve(file.group())), page + ": " + line + ": no " + file.group());
                    }
                }
            }
        }
        assertTrue(commands >= 10, "too few resgrow-bench commands: " + commands);
    }
}
