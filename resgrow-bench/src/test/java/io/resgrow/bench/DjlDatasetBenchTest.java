package io.resgrow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench djl-dataset} on a few synthetic images: both sides train the same network to the same parameters. */
class DjlDatasetBenchTest {

    @Test
    void bothSidesTrainTheSameParametersAndTheRatioIsPrinted() {
        ImageSet images = SyntheticDataset.create(80, 3, 1, 8, 40, 2);
        DjlDatasetBench.Settings s =
                new DjlDatasetBench.Settings(null, 64, new int[] {1, 1, 1}, new int[] {4, 4, 4}, 16, 2, 1, 0, 7);
        assertEquals(64, DjlDatasetBench.firstImages(images, 64).count());
        String out = Captured.run(() -> {
                    DjlDatasetBench.run(s, images);
                    return 0;
                })
                .out();
        assertTrue(out.contains("round 1 (ImageSet first)") && out.contains("round 2 (DjlDataset first)"), out);
        Matcher m = Pattern.compile("djl_epoch_ratio=([0-9.]+) .* same_params=(\\w+)")
                .matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0, out);
        assertEquals("true", m.group(2), "the same images must train the same network: " + out);
    }
}
