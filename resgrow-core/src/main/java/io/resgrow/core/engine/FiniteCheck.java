package io.resgrow.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Map;

/** Finds parameters holding NaN or infinite values, before they are saved or hashed. */
public final class FiniteCheck {

    private FiniteCheck() {}

    /**
     * Returns the name of the first parameter with a non-finite value.
     *
     * @param names parameters and their names
     * @return the name, or null if all are finite
     */
    public static String firstNonFinite(Map<Parameter, String> names) {
        for (Map.Entry<Parameter, String> e : names.entrySet()) {
            NDArray a = e.getKey().getArray();
            try (NDArray nan = a.isNaN();
                    NDArray inf = a.isInfinite();
                    NDArray bad = nan.logicalOr(inf);
                    NDArray any = bad.any()) {
                if (any.getBoolean()) {
                    return e.getValue();
                }
            }
        }
        return null;
    }
}
