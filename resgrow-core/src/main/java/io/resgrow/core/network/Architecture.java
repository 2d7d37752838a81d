package io.resgrow.core.network;

import io.resgrow.core.check.InvalidSettingException;
import java.util.List;
import java.util.Map;

/**
 * What a network family needs to build a network again as it is now, for a saved model's {@code
 * model.json}: the family ({@code resnet}, {@code vgg}, {@code monolith}), its builder's settings
 * (of the network as trained: a multi-level ResNet ends deeper, with a smaller step size), and for
 * a {@link GrowingNetwork} how many sub-networks are in. {@code io.resgrow.models.Architectures}
 * builds it; DJL's parameter file then fits it.
 *
 * @param family the network family
 * @param grown sub-networks in, for a network that grows; 0 for one that does not
 * @param settings the family builder's settings, JSON-friendly (numbers, booleans, strings, lists)
 */
public record Architecture(String family, int grown, Map<String, Object> settings) {

    /** Copies the settings. */
    public Architecture {
        settings = Map.copyOf(settings);
    }

    /**
     * Returns an integer setting (JSON numbers come back as doubles).
     *
     * @param key the setting
     * @return its value
     */
    public int integer(String key) {
        return ((Number) get(key)).intValue();
    }

    /**
     * Returns a number setting.
     *
     * @param key the setting
     * @return its value
     */
    public double number(String key) {
        return ((Number) get(key)).doubleValue();
    }

    /**
     * Returns an integer-list setting.
     *
     * @param key the setting
     * @return its values
     */
    public int[] integers(String key) {
        Object v = get(key);
        if (v instanceof int[] a) {
            return a.clone();
        }
        return ((List<?>) v).stream().mapToInt(x -> ((Number) x).intValue()).toArray();
    }

    /**
     * Returns a setting as stored.
     *
     * @param key the setting
     * @return its value
     */
    public Object get(String key) {
        Object v = settings.get(key);
        if (v == null) {
            throw new InvalidSettingException(
                    "architecture." + key,
                    null,
                    "a value in the " + family + " architecture description",
                    "save the network again with this version of resgrow");
        }
        return v;
    }
}
