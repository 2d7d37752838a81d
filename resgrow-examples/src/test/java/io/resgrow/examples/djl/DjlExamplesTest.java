package io.resgrow.examples.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured;
import io.resgrow.examples.Sample;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DJL example program runs on tiny settings (300 training images, one epoch per phase), does
 * what its strategy does (the log or table says so), and ends with DJL's prediction of one test
 * image and the report's test accuracy.
 */
class DjlExamplesTest {

    private static final String[] TINY = {"300", "1"};

    private static final Pattern RESULT = Pattern.compile("(?m)^predicted=(\\d+) (.+), test_accuracy=(\\S+)$");

    /** A program's main method. */
    interface Main {
        void run(String[] args) throws Exception;
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("plain", (Main) TrainPlain::main, "done: plain(1 epoch)"),
                Arguments.of("multilevel", (Main) TrainMultiLevel::main, "interpolate [2, 2, 2] -> [4, 4, 4]"),
                Arguments.of("incremental", (Main) TrainIncremental::main, "\nS3 "),
                Arguments.of("partitioned", (Main) TrainPartitioned::main, "\n2      head"),
                Arguments.of(
                        "modelparallel", (Main) TrainModelParallel::main, "placed balanced on [cpu()#0, cpu()#1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void trainsOnTinySettingsAndPredictsOneTestImage(String name, Main main, String strategyDidItsWork) {
        Captured.Result r = Captured.run(() -> {
            try {
                main.run(TINY);
            } catch (Exception e) {
                throw new AssertionError(name + " failed", e);
            }
            return 0;
        });
        String all = r.out() + r.err();
        assertTrue(all.contains(strategyDidItsWork), name + " did not print '" + strategyDidItsWork + "':\n" + all);
        Matcher m = RESULT.matcher(r.out());
        assertTrue(m.find(), name + " printed no result line:\n" + r.out());
        int predicted = Integer.parseInt(m.group(1));
        assertTrue(predicted >= 0 && predicted < Sample.CLASSES.size(), "a class: " + predicted);
        assertEquals(Sample.CLASSES.get(predicted), m.group(2), "the class's name");
        double accuracy = Double.parseDouble(m.group(3));
        assertTrue(accuracy >= 0 && accuracy <= 1, "an accuracy: " + accuracy);
    }
}
