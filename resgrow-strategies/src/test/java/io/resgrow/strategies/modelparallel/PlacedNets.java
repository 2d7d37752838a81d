package io.resgrow.strategies.modelparallel;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.ResidualBlock;
import io.resgrow.models.block.Shortcut;
import io.resgrow.models.block.Stage;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small multi-residual networks and the facts tests check about them, read from the network alone. */
final class PlacedNets {

    static final ArraySource DATA = ArraySource.blobs(200, 4, 1, 8, 1.5, 21);

    private PlacedNets() {}

    /** A 1-1-1 multi-residual network with k functions per block, projection shortcuts, 1x8x8 input. */
    static ResNet multires(int k) {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 8)
                .functionsPerBlock(k)
                .shortcut(Shortcut.PROJECTION)
                .inputChannels(1)
                .classes(4)
                .build();
    }

    /** Every residual block of the network, in order. */
    static List<ResidualBlock> blocks(ResNet net) {
        List<ResidualBlock> out = new ArrayList<>();
        for (Stage s : net.stages()) {
            s.blocks().forEach(b -> out.add((ResidualBlock) b));
        }
        return out;
    }

    /** For each parameter of a residual function, the function's index in its block (others absent). */
    static Map<Parameter, Integer> functionIndex(ResNet net) {
        Map<Parameter, Integer> out = new IdentityHashMap<>();
        for (ResidualBlock b : blocks(net)) {
            for (int i = 0; i < b.branches().size(); i++) {
                for (Parameter p : b.branches().get(i).getParameters().values()) {
                    out.put(p, i);
                }
            }
        }
        return out;
    }

    /** The network's parameters by the run's stable names ({@code net/} and DJL's path). */
    static Map<String, Parameter> byName(Block net) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            out.put("net/" + p.getKey(), p.getValue());
        }
        return out;
    }

    /** The largest absolute difference between two networks' parameters, in order. */
    static double maxDifference(Block a, Block b) {
        List<Parameter> pa = a.getParameters().values();
        List<Parameter> pb = b.getParameters().values();
        double max = 0;
        for (int i = 0; i < pa.size(); i++) {
            float[] x = pa.get(i).getArray().toFloatArray();
            float[] y = pb.get(i).getArray().toFloatArray();
            for (int j = 0; j < x.length; j++) {
                max = Math.max(max, Math.abs(x[j] - y[j]));
            }
        }
        return max;
    }
}
