package io.resgrow.datasets;

import static io.resgrow.core.testing.Rejections.reject;

import io.resgrow.core.testing.Rejections;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The datasets' part of the catalogue of malformed configurations (file faults have their own tests). */
class BadDataSettingsTest {

    private static final ImageSet DATA = SyntheticDataset.create(40, 4, 1, 8, 0.1, 1);

    @TestFactory
    Stream<DynamicTest> settings() {
        return Rejections.tests(
                reject(
                        "Subsets.split(data, 1.0, seed)",
                        () -> Subsets.split(DATA, 1.0, 1),
                        "validationFraction",
                        "1.0",
                        "(0, 1)"),
                reject(
                        "Subsets.fraction(data, 0, ...)",
                        () -> Subsets.fraction(DATA, 0, 1, true),
                        "fraction",
                        "0.0",
                        "(0, 1]"),
                reject(
                        "Subsets.sample(data, 41, ...)",
                        () -> Subsets.sample(DATA, 41, 1, true),
                        "count",
                        "41",
                        "[1, 40]"),
                reject(
                        "Subsets.parts(data, 0, 10, ...)",
                        () -> Subsets.parts(DATA, 0, 10, 1, true, true),
                        "parts",
                        "0",
                        ">= 1"),
                reject(
                        "Subsets.parts(data, 3, 20, disjoint)",
                        () -> Subsets.parts(DATA, 3, 20, 1, true, true),
                        "size",
                        "20",
                        "at most 13"),
                reject(
                        "Subsets.parts(data, 2, 0, ...)",
                        () -> Subsets.parts(DATA, 2, 0, 1, true, false),
                        "size",
                        "0",
                        "[1, 40]"),
                reject("RandomShift.padCrop(0)", () -> RandomShift.padCrop(0), "pad", "0", ">= 1"),
                reject("RandomShift.shift(-1, 2)", () -> RandomShift.shift(-1, 2), "maxX", "-1", ">= 0"),
                reject(
                        "new ChannelNormalize(mean 1 value, std 2 values)",
                        () -> new ChannelNormalize(new float[] {0.5f}, new float[] {0.2f, 0.3f}),
                        "std",
                        "[0.2, 0.3]",
                        "as many as mean (1)"),
                reject(
                        "new ChannelNormalize(std 0)",
                        () -> new ChannelNormalize(new float[] {0.5f}, new float[] {0f}),
                        "std",
                        "[0.0]",
                        "values > 0"),
                reject(
                        "SyntheticDataset.create(0 images)",
                        () -> SyntheticDataset.create(0, 4, 1, 8, 0.1, 1),
                        "count",
                        "0",
                        ">= 1"),
                reject(
                        "SyntheticDataset.create(noise -1)",
                        () -> SyntheticDataset.create(10, 4, 1, 8, -1, 1),
                        "noise",
                        "-1.0",
                        ">= 0"));
    }
}
