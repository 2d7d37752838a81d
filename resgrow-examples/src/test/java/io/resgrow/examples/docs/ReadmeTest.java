package io.resgrow.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's JShell quick start is the file CI runs ({@code scripts/check-scripts.sh} runs
 * {@code scripts/quickstart.jsh}), so what the README shows is what was run.
 */
class ReadmeTest {

    @Test
    void theJshellQuickStartIsTheScriptCiRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("```jshell\n(.*?)```", Pattern.DOTALL).matcher(readme);
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
