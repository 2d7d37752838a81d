package io.resgrow.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs a command line in this JVM and captures its exit code, standard output and error. */
public final class Captured {

    /**
     * What a command returned and printed.
     *
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    public record Result(int code, String out, String err) {}

    private Captured() {}

    /**
     * Runs a command with standard output and error captured (and restored afterwards).
     *
     * @param command the command, returning its exit code
     * @return what it returned and printed
     */
    public static Result run(IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = command.getAsInt();
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
