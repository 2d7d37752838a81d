package io.resgrow.core.network;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.check.InvalidSettingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups a network's layers into the sub-networks a growing strategy adds one at a time: by
 * default the paper's rule (consecutive layers of equal width, for a ResNet stem + stage 1, stage
 * 2, stage 3; for a VGG its five max-pooled groups), or groups the user names. Every sub-network
 * must hold parameters to train: a group of pooling or dropout alone is refused.
 */
public final class Partition {

    private Partition() {}

    /**
     * Groups consecutive layers whose outputs have the same number of channels (dimension 1);
     * a layer without parameters (pooling, activation, dropout) joins the group it follows.
     *
     * @param layers the layers in order
     * @param batchInputShape the input shape, batch dimension included
     * @return the sub-networks (a layer alone, or a {@link SequentialBlock} of several)
     */
    public static List<Block> byWidth(List<Block> layers, Shape batchInputShape) {
        checkLayers(layers);
        List<int[]> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long width = -1;
        Shape[] shape = {batchInputShape};
        for (int i = 0; i < layers.size(); i++) {
            shape = layers.get(i).getOutputShapes(shape);
            boolean learns = !layers.get(i).getParameters().isEmpty();
            long w = shape[0].dimension() > 1 ? shape[0].get(1) : shape[0].get(0);
            if (learns && width != -1 && w != width) {
                groups.add(current.stream().mapToInt(Integer::intValue).toArray());
                current = new ArrayList<>();
            }
            current.add(i);
            if (learns) {
                width = w;
            }
        }
        groups.add(current.stream().mapToInt(Integer::intValue).toArray());
        return explicit(layers, groups.toArray(new int[0][]));
    }

    /**
     * Groups layers as the user says: each group lists layer indices, consecutive and in order, and
     * together the groups cover every layer exactly once.
     *
     * @param layers the layers in order
     * @param groups the layer indices of each sub-network, e.g. {@code {0, 1}, {2}, {3}}
     * @return the sub-networks
     */
    public static List<Block> explicit(List<Block> layers, int[]... groups) {
        checkLayers(layers);
        if (groups.length == 0) {
            throw new InvalidSettingException(
                    "groups", "[]", "at least one group of layer indices", "pass groups such as {0, 1}, {2}, {3}");
        }
        List<Block> out = new ArrayList<>();
        int next = 0;
        for (int g = 0; g < groups.length; g++) {
            int[] group = groups[g];
            for (int index : group) {
                if (index != next) {
                    throw new InvalidSettingException(
                            "groups",
                            Arrays.deepToString(groups),
                            "consecutive layer indices 0.." + (layers.size() - 1) + ", each exactly once, in order",
                            next < layers.size()
                                    ? "group " + (g + 1) + " should go on with layer " + next + " ("
                                            + name(layers.get(next)) + "), not " + index
                                    : "remove index " + index + ": there are " + layers.size() + " layers");
                }
                next++;
            }
            if (group.length == 0) {
                throw new InvalidSettingException(
                        "groups", Arrays.deepToString(groups), "non-empty groups", "remove the empty group " + (g + 1));
            }
            out.add(group.length == 1 ? layers.get(group[0]) : sequence(layers, group));
            if (out.get(g).getParameters().isEmpty()) {
                throw new InvalidSettingException(
                        "groups",
                        Arrays.deepToString(groups),
                        "sub-networks that each hold trainable parameters",
                        "group " + (g + 1) + " (" + names(layers, group) + ") has none: merge it into a neighbour");
            }
        }
        if (next != layers.size()) {
            throw new InvalidSettingException(
                    "groups",
                    Arrays.deepToString(groups),
                    "groups that cover all " + layers.size() + " layers",
                    "add layers " + next + ".." + (layers.size() - 1) + " (" + name(layers.get(next))
                            + (next + 1 < layers.size() ? ", ..." : "") + ") to the last group or a new one");
        }
        return out;
    }

    private static void checkLayers(List<Block> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new InvalidSettingException(
                    "layers", layers == null ? null : "[]", "at least one layer", "pass the network's layers in order");
        }
    }

    private static Block sequence(List<Block> layers, int[] group) {
        SequentialBlock s = new SequentialBlock();
        for (int i : group) {
            s.add(layers.get(i));
        }
        return s;
    }

    private static String names(List<Block> layers, int[] group) {
        List<String> n = new ArrayList<>();
        for (int i : group) {
            n.add(name(layers.get(i)));
        }
        return String.join(", ", n);
    }

    private static String name(Block b) {
        return b.getClass().getSimpleName();
    }
}
