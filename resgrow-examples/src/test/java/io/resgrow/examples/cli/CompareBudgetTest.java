package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every strategy's epochs, extra phases included, fit {@code compare}'s budget. */
class CompareBudgetTest {

    private static int value(List<String> options, String name) {
        return Integer.parseInt(options.get(options.indexOf(name) + 1));
    }

    @Test
    void splitsTheBudgetEvenly() {
        assertEquals("3,2,2", CompareBudget.split(7));
        assertEquals("1,1,1", CompareBudget.split(3));
    }

    @Test
    void incrementalsLookAheadEpochsComeOutOfTheBudget() {
        for (int budget = 7; budget <= 40; budget++) {
            List<String> o = CompareBudget.options("incremental", budget, List.of(), 3);
            int total = 3 * value(o, "--max-epochs-per-stage") + 2 * value(o, "--lookahead-epochs");
            assertTrue(total <= budget && total > budget - 3, budget + ": " + o);
        }
        List<String> own = CompareBudget.options("incremental", 15, List.of("--lookahead-epochs", "3", "--ws", "2"), 3);
        assertEquals(
                List.of("--max-epochs-per-stage", "3", "--eta-max", "0.1"),
                own,
                "the user's 3 look-ahead epochs x 2 leave 9");
        assertEquals(
                List.of("--max-epochs-per-stage", "1", "--eta-max", "0.1", "--lookahead-epochs", "1"),
                CompareBudget.options("incremental", 5, List.of(), 3));
    }

    @Test
    void aVggsFiveGroupsShareTheBudgetWithItsFourGrowths() {
        // 5 stages of 2 epochs and 4 look-ahead epochs fill a budget of 14, from a VGG's rate
        assertEquals(
                List.of("--max-epochs-per-stage", "2", "--eta-max", "0.02", "--lookahead-epochs", "1"),
                CompareBudget.options("incremental", 14, List.of("--arch", "vgg"), 5));
        assertEquals(
                List.of("--epochs", "14", "--lr", "0.02"),
                CompareBudget.options("plain", 14, List.of("--arch", "vgg"), 5));
        assertEquals(
                List.of("--epochs", "14"),
                CompareBudget.options("plain", 14, List.of("--arch", "vgg", "--lr", "0.05"), 5),
                "the user's rate");
        for (int budget = 9; budget <= 40; budget++) {
            List<String> o = CompareBudget.options("incremental", budget, List.of(), 5);
            int total = 5 * value(o, "--max-epochs-per-stage") + 4 * value(o, "--lookahead-epochs");
            assertTrue(total <= budget && total > budget - 5, budget + ": " + o);
        }
    }

    @Test
    void aNetworkOfOneSubNetworkHasNoGrowthAndOneStageOfTheWholeBudget() {
        assertEquals(
                List.of("--max-epochs-per-stage", "12", "--eta-max", "0.1"),
                CompareBudget.options("incremental", 12, List.of(), 1));
    }

    @Test
    void incrementalTrainsWithACosinePerPhaseUnlessTheUserGivesARate() {
        // the README's comparison: 3 stages of 3 epochs and 2 look-ahead epochs in a budget of 12
        assertEquals(
                List.of("--max-epochs-per-stage", "3", "--eta-max", "0.1", "--lookahead-epochs", "1"),
                CompareBudget.options("incremental", 12, List.of(), 3));
        // the paper's constant rate: its 2 look-ahead epochs per growth, no cosine
        assertEquals(
                List.of("--max-epochs-per-stage", "2", "--lookahead-epochs", "2"),
                CompareBudget.options("incremental", 12, List.of("--lr", "1e-4"), 3));
        assertEquals(
                List.of("--max-epochs-per-stage", "2", "--lookahead-epochs", "2"),
                CompareBudget.options("incremental", 12, List.of("--eta-max", "0.05"), 3));
        assertEquals(
                List.of("--max-epochs-per-stage", "2", "--lookahead-epochs", "2"),
                CompareBudget.options("incremental", 12, List.of("--lr=1e-3"), 3),
                "picocli's --option=value form");
        assertEquals(
                List.of("--max-epochs-per-stage", "3", "--eta-max", "0.1"),
                CompareBudget.options("incremental", 12, List.of("--lookahead-epochs=1"), 3));
    }

    @Test
    void plainMultilevelAndPartitionedTrainTheBudget() {
        assertEquals(List.of("--epochs", "9"), CompareBudget.options("plain", 9, List.of(), 3));
        assertEquals(List.of("--cycles", "3,3,3"), CompareBudget.options("multilevel", 9, List.of(), 3));
        assertEquals(List.of("--stage-epochs", "8,2,0"), CompareBudget.options("partitioned", 10, List.of(), 3));
        assertEquals(List.of("--stage-epochs", "1,2,0"), CompareBudget.options("partitioned", 3, List.of(), 3));
    }
}
