package io.resgrow.examples.docs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.examples.cli.ResgrowCli;
import io.resgrow.examples.cli.StrategyAlias;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The README and the pages under {@code docs/} show what was run and what compiles: the JShell
 * quick start is the file CI runs ({@code scripts/check-scripts.sh} runs
 * {@code scripts/quickstart.jsh}); every Java block compiles against the current API; the consumer
 * {@code pom.xml} names this build's modules and versions; every {@code resgrow} command line parses
 * with the current options; every relative link points to a file (and heading) that exists; and the
 * README stays short.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("..");

    /** The README's most lines (issue 23: a README a newcomer reads in five minutes). */
    private static final int README_MAX_LINES = 200;

    /** The strategies the README gives a section, a Java snippet and a command each. */
    private static final List<String> STRATEGIES =
            List.of("plain", "multilevel", "incremental", "partitioned", "modelparallel");

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    /** README.md, both BENCHMARKS.md files, then every docs/*.md sorted by name. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(
                ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md"), ROOT.resolve("resgrow-bench/BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .forEach(pages::add);
        }
        return pages;
    }

    /** The fenced blocks of a language in one text, in order. */
    private static List<String> blocks(String language, String text) {
        Matcher m =
                Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The fenced blocks of a language in README.md and then docs/*.md (sorted by name), in order. */
    private static List<String> blocks(String language) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path page : pages()) {
            out.addAll(blocks(language, Files.readString(page)));
        }
        return out;
    }

    /** Compiles sources (file name to text) against the tests' class path, failing with the compiler's messages. */
    private static void assertCompiles(Map<String, String> sources, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(
                List.of("-d", dir.resolve("classes").toString(), "-cp", System.getProperty("java.class.path")));
        files.forEach(f -> args.add(f.toString()));
        int code = javac.run(null, messages, messages, args.toArray(String[]::new));
        assertEquals(0, code, messages.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theJavaExamplesCompileAgainstTheCurrentApi(@TempDir Path dir) throws IOException {
        List<String> java = blocks("java");
        String main = java.stream()
                .filter(b -> b.startsWith("package demo;"))
                .findFirst()
                .orElseThrow();
        String fluent = java.stream()
                .filter(b -> b.startsWith("TrainingReport report = ResGrow.train(network"))
                .findFirst()
                .orElseThrow();
        String library = """
                import ai.djl.ndarray.types.Shape;
                import ai.djl.nn.Block;
                import io.resgrow.core.ResGrow;
                import io.resgrow.core.history.TrainingReport;
                import io.resgrow.core.optim.NamedSgd;
                import io.resgrow.core.schedule.CosineRestarts;
                import io.resgrow.core.PlainStrategy;
                import io.resgrow.datasets.ImageSet;
                import io.resgrow.datasets.augment.ChannelNormalize;
                import io.resgrow.datasets.augment.RandomFlip;
                import io.resgrow.datasets.augment.RandomShift;
                import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

                class Library {
                    static TrainingReport run(Block network, ImageSet trainSet, ImageSet validationSet,
                            ImageSet testSet) {
                """ + fluent + """
                        return report;
                    }
                }
                """;
        assertCompiles(Map.of("demo/Main.java", main, "Library.java", library), dir);
    }

    /**
     * The consumer poms: the README's snippet (between {@code <!-- consumer-pom:start -->} and
     * {@code <!-- consumer-pom:end -->}, which {@code scripts/check-consumer.sh} builds and runs) in a
     * {@code <project>}, then docs/dependency.md's complete {@code resgrow-demo} pom.
     */
    private static List<Document> consumerPoms() throws Exception {
        Matcher m = Pattern.compile(
                        "<!-- consumer-pom:start -->\n```xml\n(.*?)```\n<!-- consumer-pom:end -->", Pattern.DOTALL)
                .matcher(readme());
        assertTrue(m.find(), "README.md has no ```xml block between the consumer-pom markers");
        String demo = blocks("xml").stream()
                .filter(b -> b.contains("<artifactId>resgrow-demo</artifactId>"))
                .findFirst()
                .orElseThrow();
        var builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        List<Document> poms = new ArrayList<>();
        for (String xml : List.of("<project>" + m.group(1) + "</project>", demo)) {
            poms.add(builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        }
        return poms;
    }

    /**
     * Both consumer poms import resgrow-bom at this build's version and name modules without versions
     * (the BOM sets them, DJL's through DJL's BOM), the SLF4J binding at the build's version; the BOM
     * follows the parent's version and DJL version and manages only modules.
     */
    @Test
    void theConsumerPomNamesThisBuildsModulesAndVersions() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        var root = factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        var bom = factory.newDocumentBuilder()
                .parse(ROOT.resolve("resgrow-bom").resolve("pom.xml").toFile());
        String version = text(root.getDocumentElement(), "version");
        assertEquals(version, text(bom.getDocumentElement(), "version"), "resgrow-bom's version");
        assertEquals(property(root, "djl.version"), property(bom, "djl.version"), "resgrow-bom's djl.version");
        var managed = bom.getElementsByTagName("dependency");
        for (int i = 0; i < managed.getLength(); i++) {
            var d = (Element) managed.item(i);
            if (text(d, "groupId").equals("io.resgrow")) {
                assertTrue(
                        Files.isRegularFile(ROOT.resolve(text(d, "artifactId")).resolve("pom.xml")),
                        "resgrow-bom manages " + text(d, "artifactId") + ", no module");
            }
        }
        for (Document pom : consumerPoms()) {
            var dependencies = pom.getElementsByTagName("dependency");
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < dependencies.getLength(); i++) {
                var d = (Element) dependencies.item(i);
                String group = text(d, "groupId");
                String artifact = text(d, "artifactId");
                String expected = switch (group) {
                    case "io.resgrow" -> {
                        assertTrue(
                                Files.isRegularFile(ROOT.resolve(artifact).resolve("pom.xml")),
                                artifact + " is no module");
                        yield artifact.equals("resgrow-bom") ? version : null;
                    }
                    case "ai.djl.pytorch" -> null;
                    case "org.slf4j" -> property(root, "slf4j.version");
                    default -> throw new AssertionError("unexpected dependency " + group + ":" + artifact);
                };
                assertEquals(expected, optionalText(d, "version"), group + ":" + artifact);
                seen.add(artifact);
            }
            assertEquals(
                    List.of(
                            "resgrow-bom",
                            "resgrow-strategies",
                            "resgrow-datasets",
                            "pytorch-engine",
                            "pytorch-jni",
                            "pytorch-native-cpu",
                            "slf4j-simple"),
                    seen);
        }
    }

    private static String text(Element parent, String tag) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(tag)) {
                return n.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + tag + "> in <" + parent.getNodeName() + ">");
    }

    private static String optionalText(Element parent, String tag) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(tag)) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }

    private static String property(Document pom, String name) {
        return pom.getElementsByTagName(name).item(0).getTextContent().trim();
    }

    @Test
    void theJshellQuickStartIsTheScriptCiRuns() throws IOException {
        List<String> jshell = blocks("jshell");
        assertFalse(jshell.isEmpty(), "README.md and docs/*.md have no jshell block");
        assertEquals(Files.readString(Path.of("scripts", "quickstart.jsh")), jshell.get(0));
    }

    /** The imports every other Java block compiles with (as the body of a method, see below). */
    private static final String SNIPPET_IMPORTS = """
            import ai.djl.Device;
            import ai.djl.Model;
            import ai.djl.ndarray.types.Shape;
            import ai.djl.nn.Block;
            import ai.djl.nn.core.Linear;
            import ai.djl.training.DefaultTrainingConfig;
            import ai.djl.training.evaluator.Accuracy;
            import ai.djl.training.evaluator.TopKAccuracy;
            import ai.djl.training.loss.Loss;
            import ai.djl.training.optimizer.Optimizer;
            import ai.djl.training.tracker.Tracker;
            import io.resgrow.core.ResGrow;
            import io.resgrow.core.network.Fused;
            import io.resgrow.core.history.TrainingReport;
            import io.resgrow.core.network.SavedNetwork;
            import io.resgrow.core.optim.NamedSgd;
            import io.resgrow.core.schedule.CosineRestarts;
            import io.resgrow.core.PlainStrategy;
            import io.resgrow.datasets.ImageSet;
            import io.resgrow.datasets.augment.ChannelNormalize;
            import io.resgrow.datasets.augment.RandomFlip;
            import io.resgrow.datasets.augment.RandomShift;
            import io.resgrow.models.Architectures;
            import io.resgrow.models.SavedNetworks;
            import io.resgrow.models.monolith.MonolithNet;
            import io.resgrow.models.multires.MultiResNets;
            import io.resgrow.models.resnet.ResNetBuilder;
            import io.resgrow.strategies.incremental.GrowthRule;
            import io.resgrow.strategies.incremental.LookAheadIncremental;
            import io.resgrow.strategies.incremental.ValueAdded;
            import io.resgrow.strategies.modelparallel.ModelParallelBranches;
            import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
            import io.resgrow.strategies.partitioned.PartitionedStrategy;
            import io.resgrow.strategies.partitioned.PartitionedTable;
            import java.nio.file.Path;
            import java.util.List;
            """;

    /**
     * Every Java block but the complete {@code package demo;} file is a method body over the
     * library example's names ({@code network}, {@code trainSet}, {@code validationSet},
     * {@code testSet}) and {@code dir}: the strategy snippets ({@code // strategy NAME}), the
     * saved-network loader, {@code SharedCores.prepare()}.
     */
    @Test
    void everyJavaBlockCompilesAgainstTheCurrentApi(@TempDir Path dir) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String block : blocks("java")) {
            if (block.startsWith("package ")) {
                continue; // a whole file: theJavaExamplesCompileAgainstTheCurrentApi
            }
            String name = "Snippet" + sources.size();
            sources.put(
                    name + ".java",
                    SNIPPET_IMPORTS + "\nclass " + name + " {\n"
                            + "    static void run(Block network, ImageSet trainSet, ImageSet validationSet,"
                            + " ImageSet testSet, Path dir) throws Exception {\n" + block + "    }\n}\n");
        }
        assertTrue(sources.size() >= STRATEGIES.size() + 1, "too few Java blocks: " + sources.size());
        assertCompiles(sources, dir);
    }

    @Test
    void theReadmeHasASectionASnippetAndACommandPerStrategy() throws IOException {
        String readme = readme();
        List<String> java = blocks("java", readme);
        List<String> sh = blocks("sh", readme);
        for (String s : STRATEGIES) {
            assertTrue(readme.contains("\n### " + s + "\n"), "no section ### " + s);
            assertTrue(
                    java.stream()
                            .anyMatch(b ->
                                    b.startsWith("// strategy " + s + "\n") || b.startsWith("// strategy " + s + ":")),
                    "no ```java block starting // strategy " + s);
            assertTrue(
                    sh.stream().anyMatch(b -> b.contains(" train " + s + " ") || b.contains(" train " + s + "\n")),
                    "no command train " + s);
        }
    }

    /** Splits a command line at spaces, keeping double-quoted parts together (without the quotes). */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    /**
     * Every {@code java -jar resgrow-examples/target/resgrow.jar ...} in a sh block parses with the
     * current subcommands and options (without running), every {@code java -cp
     * resgrow-examples/target/resgrow.jar CLASS ...} names a class with a main method, and every
     * script a sh block starts exists (here or in resgrow-bench).
     */
    @Test
    void everyCommandInAShBlockNamesWhatExists() throws IOException {
        String jar = "java -jar resgrow-examples/target/resgrow.jar";
        String classPath = "java -cp resgrow-examples/target/resgrow.jar";
        int commands = 0;
        for (String block : blocks("sh")) {
            for (String line : block.split("\n")) {
                for (String part : line.split("&&")) {
                    String command = part.trim();
                    if (command.startsWith(jar + " ")) {
                        List<String> args = words(command.substring(jar.length()));
                        try {
                            new picocli.CommandLine(new ResgrowCli())
                                    .parseArgs(StrategyAlias.rewrite(args.toArray(String[]::new)));
                        } catch (picocli.CommandLine.ParameterException e) {
                            throw new AssertionError(command + ": " + e.getMessage(), e);
                        }
                        commands++;
                    } else if (command.startsWith(classPath + " ")) {
                        String main =
                                words(command.substring(classPath.length())).get(0);
                        assertDoesNotThrow(() -> Class.forName(main).getMethod("main", String[].class), command);
                    } else if (command.startsWith("resgrow-examples/") || command.startsWith("resgrow-bench/")) {
                        // the lab's jar commands are parsed by resgrow-bench's BenchDocsTest
                        for (String word : words(command)) {
                            if (word.startsWith("resgrow-examples/") || word.startsWith("resgrow-bench/")) {
                                assertTrue(Files.exists(ROOT.resolve(word)), command + ": no " + word);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(commands >= STRATEGIES.size() + 1, "too few resgrow commands: " + commands);
    }

    /** GitHub's anchor of a heading: lower case, punctuation but - and _ dropped, spaces to -. */
    private static String anchor(String heading) {
        return heading.trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    /** A page's text without its fenced blocks (their lines are neither headings nor links). */
    private static String prose(String text) {
        return text.replaceAll("(?s)```.*?```", "");
    }

    /** The anchors of a page's headings, numbered as GitHub numbers repeated ones. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6} +(.+?) *$").matcher(prose(Files.readString(page)));
        while (m.find()) {
            String a = anchor(m.group(1));
            String unique = a;
            for (int n = 1; !out.add(unique); n++) {
                unique = a + "-" + n;
            }
        }
        return out;
    }

    @Test
    void everyRelativeLinkPointsToAFileAndHeadingThatExist() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher m = link.matcher(prose(Files.readString(page)).replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved =
                        file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page.getFileName() + ": (" + target + ") no file " + resolved);
                } else if (hash >= 0 && (file.isEmpty() || file.endsWith(".md"))) {
                    if (!anchors(resolved).contains(target.substring(hash + 1))) {
                        broken.add(page.getFileName() + ": (" + target + ") no such heading in " + resolved);
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
        assertTrue(links >= 10, "too few relative links found: " + links);
    }

    @Test
    void theReadmeIsShort() throws IOException {
        long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines, at most " + README_MAX_LINES);
    }

    /**
     * The Gradle build imports the same BOM and names the README pom's dependencies, versionless but
     * the SLF4J binding (the native's classifier is chosen in the script, so it is left out).
     */
    @Test
    void theGradleLinesNameTheConsumerPomsCoordinates() throws Exception {
        var dependencies = consumerPoms().get(0).getElementsByTagName("dependency");
        Set<String> coordinates = new HashSet<>();
        String bom = null;
        for (int i = 0; i < dependencies.getLength(); i++) {
            var d = (Element) dependencies.item(i);
            String version = optionalText(d, "version");
            String coordinate =
                    text(d, "groupId") + ":" + text(d, "artifactId") + (version == null ? "" : ":" + version);
            if (text(d, "artifactId").equals("resgrow-bom")) {
                bom = coordinate;
            } else {
                coordinates.add(coordinate);
            }
        }
        String gradle = blocks("kotlin").stream()
                .filter(b -> b.contains("implementation(\"io.resgrow:"))
                .findFirst()
                .orElseThrow();
        assertTrue(gradle.contains("implementation(platform(\"" + bom + "\"))"), "no platform(" + bom + "): " + gradle);
        Matcher m = Pattern.compile("(?m)^\\s*(?:implementation|runtimeOnly)\\(\"([^\"]+)\"\\)")
                .matcher(gradle);
        Set<String> named = new HashSet<>();
        while (m.find()) {
            named.add(m.group(1).replaceFirst("::.*$", ""));
        }
        assertEquals(coordinates, named, gradle);
    }

    @Test
    void ciRunsTheReadmesTestCommandAndTheScripts() throws IOException {
        String readme = readme();
        assertTrue(
                readme.contains("```sh\nmvn -B -q package -DskipTests && java -jar resgrow-examples/target/resgrow.jar"
                        + " train\n```"),
                "README.md lost the main job");
        assertTrue(readme.contains("```sh\nmvn -B verify\n```"), "README.md lost the test command");
        String ci = Files.readString(ROOT.resolve(".ci").resolve("run"));
        assertTrue(ci.contains("\nmvn -B verify\n"), ci);
        assertTrue(ci.contains("resgrow-examples/scripts/check-scripts.sh"), ci);
        assertTrue(ci.contains("resgrow-examples/scripts/check-consumer.sh"), ci);
    }
}
