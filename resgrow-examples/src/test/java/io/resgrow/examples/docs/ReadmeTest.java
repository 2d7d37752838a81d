package io.resgrow.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's JShell quick start is the file CI runs ({@code scripts/check-scripts.sh} runs
 * {@code scripts/quickstart.jsh}), so what the README shows is what was run; its Java examples
 * compile against the current API, and its consumer {@code pom.xml} names this build's modules and
 * versions.
 */
class ReadmeTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    /** The README's fenced blocks of a language, in order. */
    private static List<String> blocks(String language) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(readme());
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
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
        List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(), "-cp",
                System.getProperty("java.class.path")));
        files.forEach(f -> args.add(f.toString()));
        int code = javac.run(null, messages, messages, args.toArray(String[]::new));
        assertEquals(0, code, messages.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theJavaExamplesCompileAgainstTheCurrentApi(@TempDir Path dir) throws IOException {
        List<String> java = blocks("java");
        String main = java.stream().filter(b -> b.startsWith("package demo;")).findFirst().orElseThrow();
        String fluent = java.stream().filter(b -> b.startsWith("TrainingReport report = ResGrow.train(network"))
                .findFirst().orElseThrow();
        String library = """
                import ai.djl.ndarray.types.Shape;
                import ai.djl.nn.Block;
                import io.resgrow.core.ResGrow;
                import io.resgrow.core.history.TrainingReport;
                import io.resgrow.core.optim.Sgd;
                import io.resgrow.core.schedule.CosineRestarts;
                import io.resgrow.core.strategy.PlainStrategy;
                import io.resgrow.datasets.ImageDataset;
                import io.resgrow.datasets.augment.Normalize;
                import io.resgrow.datasets.augment.RandomFlip;
                import io.resgrow.datasets.augment.RandomShift;
                import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

                class Library {
                    static TrainingReport run(Block network, ImageDataset trainSet, ImageDataset validationSet,
                            ImageDataset testSet) {
                """ + fluent + """
                        return report;
                    }
                }
                """;
        assertCompiles(Map.of("demo/Main.java", main, "Library.java", library), dir);
    }

    @Test
    void theConsumerPomNamesThisBuildsModulesAndVersions() throws Exception {
        String xml = blocks("xml").stream().filter(b -> b.contains("<artifactId>resgrow-demo</artifactId>"))
                .findFirst().orElseThrow();
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        var pom = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                xml.getBytes(StandardCharsets.UTF_8)));
        var root = factory.newDocumentBuilder().parse(Path.of("..", "pom.xml").toFile());
        String version = text(root.getDocumentElement(), "version");
        var dependencies = pom.getElementsByTagName("dependency");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            var d = (org.w3c.dom.Element) dependencies.item(i);
            String group = text(d, "groupId");
            String artifact = text(d, "artifactId");
            String expected = switch (group) {
                case "io.resgrow" -> {
                    assertTrue(Files.isRegularFile(Path.of("..", artifact, "pom.xml")), artifact + " is no module");
                    yield version;
                }
                case "ai.djl.pytorch" -> property(root, switch (artifact) {
                    case "pytorch-engine" -> "djl.version";
                    case "pytorch-jni" -> "pytorch.jni.version";
                    default -> "pytorch.version";
                });
                case "org.slf4j" -> property(root, "slf4j.version");
                default -> throw new AssertionError("unexpected dependency " + group + ":" + artifact);
            };
            assertEquals(expected, text(d, "version"), group + ":" + artifact);
            seen.add(artifact);
        }
        assertEquals(List.of("resgrow-strategies", "resgrow-datasets", "pytorch-engine", "pytorch-jni",
                "pytorch-native-cpu", "slf4j-simple"), seen);
    }

    private static String text(org.w3c.dom.Element parent, String tag) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(tag)) {
                return n.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + tag + "> in <" + parent.getNodeName() + ">");
    }

    private static String property(org.w3c.dom.Document pom, String name) {
        return pom.getElementsByTagName(name).item(0).getTextContent().trim();
    }

    @Test
    void theJshellQuickStartIsTheScriptCiRuns() throws IOException {
        Matcher m = Pattern.compile("```jshell\n(.*?)```", Pattern.DOTALL).matcher(readme());
        assertTrue(m.find(), "README.md has no jshell block");
        assertEquals(Files.readString(Path.of("scripts", "quickstart.jsh")), m.group(1));
    }

    @Test
    void ciRunsTheReadmesTestCommandAndTheScripts() throws IOException {
        String ci = Files.readString(Path.of("..", ".ci", "run"));
        assertTrue(ci.contains("\nmvn -B verify\n"), ci);
        assertTrue(ci.contains("resgrow-examples/scripts/check-scripts.sh"), ci);
    }
}
