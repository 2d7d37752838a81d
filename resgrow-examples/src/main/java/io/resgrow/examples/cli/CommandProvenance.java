package io.resgrow.examples.cli;

import com.google.gson.reflect.TypeToken;
import io.resgrow.core.RunProvenance;
import io.resgrow.core.history.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command-line run came from, for {@code provenance.json} beside {@code report.json} and
 * for the settings table of {@code report.html}: the command line as typed, the run's header line,
 * the seed and data, and the versions of resgrow, DJL, the engine and Java.
 */
public final class CommandProvenance {

    /** The file's name in the report directory. */
    static final String NAME = "provenance.json";

    private CommandProvenance() {}

    /**
     * Describes a run.
     *
     * @param spec the command that runs it
     * @param header its header line (device, threads, network, parameters, strategy)
     * @param seed {@code --seed}
     * @param data {@code --data}
     * @return name to value, in a fixed order
     */
    public static Map<String, String> of(CommandSpec spec, String header, long seed, String data) {
        Map<String, String> m = new LinkedHashMap<>();
        // as typed: the --strategy alias form stays as the user wrote it
        List<String> typed = spec.root().userObject() instanceof ResgrowCli cli && cli.typed != null
                ? cli.typed
                : spec.commandLine().getParseResult().originalArgs();
        m.put("command line", "resgrow " + String.join(" ", typed));
        m.put("run", header);
        m.put("seed", Long.toString(seed));
        m.put("data", data);
        m.put("resgrow", spec.root().version()[0]);
        m.putAll(RunProvenance.versions());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }

    /**
     * Reads the description a run wrote into its report directory.
     *
     * @param dir the directory
     * @return the description, or an empty map if the run wrote none (e.g. a library run)
     */
    static Map<String, String> read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, String> m =
                    Json.read(Files.readString(file), new TypeToken<LinkedHashMap<String, String>>() {});
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Writes the description as JSON into a report directory.
     *
     * @param provenance the description
     * @param dir the directory (created if needed)
     */
    static void write(Map<String, String> provenance, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(NAME), Json.write(provenance));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + NAME + " in " + dir, e);
        }
    }
}
