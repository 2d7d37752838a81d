package io.resgrow.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * A catalogue of malformed configurations: each entry names the call, the parameter as the caller
 * spells it, the value as the message must render it and a fragment of what is valid; the test
 * checks the exception's type, its {@code parameter()} and the whole shape of its message
 * ({@code Invalid value for 'p'. Received: p=v. Expected: ... Fix: ...}).
 */
public final class Rejections {

    /**
     * One malformed configuration.
     *
     * @param call what the user wrote
     * @param action the call itself
     * @param parameter the parameter the message must name
     * @param received the value as the message must render it
     * @param expected a fragment of the "Expected:" part
     * @param fix a fragment of the "Fix:" part, or null for any fix long enough to help
     */
    public record Case(
            String call, Executable action, String parameter, String received, String expected, String fix) {}

    private Rejections() {}

    /**
     * Builds a case.
     *
     * @param call what the user wrote
     * @param action the call
     * @param parameter the parameter
     * @param received the rendered value
     * @param expected a fragment of the valid range or set
     * @return the case
     */
    public static Case reject(String call, Executable action, String parameter, String received, String expected) {
        return new Case(call, action, parameter, received, expected, null);
    }

    /**
     * Builds a case whose fix must say something in particular.
     *
     * @param call what the user wrote
     * @param action the call
     * @param parameter the parameter
     * @param received the rendered value
     * @param expected a fragment of the valid range or set
     * @param fix a fragment of the fix
     * @return the case
     */
    public static Case reject(
            String call, Executable action, String parameter, String received, String expected, String fix) {
        return new Case(call, action, parameter, received, expected, fix);
    }

    /**
     * Turns cases into one test each.
     *
     * @param cases the cases
     * @return the tests
     */
    public static Stream<DynamicTest> tests(Case... cases) {
        return Arrays.stream(cases).map(c -> DynamicTest.dynamicTest(c.call(), () -> check(c)));
    }

    private static void check(Case c) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, c.action(), c.call());
        String m = e.getMessage();
        assertEquals(c.parameter(), e.parameter(), m);
        String head = "Invalid value for '" + c.parameter() + "'. Received: " + c.parameter() + "=" + c.received()
                + ". Expected: ";
        assertTrue(m.startsWith(head), () -> "message should start with <" + head + ">: " + m);
        int fix = m.indexOf(". Fix: ");
        assertTrue(fix > head.length(), m);
        assertTrue(
                m.substring(head.length(), fix).contains(c.expected()),
                () -> "expected part should contain <" + c.expected() + ">: " + m);
        assertTrue(m.length() - fix > 12, () -> "the fix is too short to help: " + m);
        if (c.fix() != null) {
            assertTrue(m.substring(fix).contains(c.fix()), () -> "the fix should contain <" + c.fix() + ">: " + m);
        }
    }
}
