package io.resgrow.models.describe;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.Stage;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.vgg.Vgg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Describes a network part by part (ResNet: stem, stages, head; MonolithNet: branches, fusion;
 * VGG: groups, classifier; other sequential blocks: their children): output shape, learnable
 * parameters and MACs per sample, computed from shapes without running the network.
 */
public final class Describer {

    private Describer() {}

    /**
     * One part of the description.
     *
     * @param part the part's name
     * @param output its output shape for one sample
     * @param parameters its learnable parameters
     * @param macs its MACs per sample
     */
    public record Row(String part, Shape output, long parameters, long macs) {}

    /**
     * Describes a network.
     *
     * @param net the network (initialised on {@code manager} if it is not yet)
     * @param sample the input shape of one sample, e.g. (3, 32, 32)
     * @param manager the manager for initialisation
     * @return the rows, parts in order (their sums are the totals)
     */
    public static List<Row> describe(Block net, Shape sample, NDManager manager) {
        Shape input = new Shape(1).addAll(sample);
        if (!net.isInitialized()) {
            net.initialize(manager, DataType.FLOAT32, input);
        }
        List<Row> rows = new ArrayList<>();
        if (net instanceof MonolithNet m) {
            for (int i = 0; i < m.branches().size(); i++) {
                rows.add(row("branch " + (i + 1), m.branches().get(i), input));
            }
            Shape concat = new Shape(1, (long) m.featureWidth() * m.branches().size());
            rows.add(row("fusion", m.fusion(), concat));
            return rows;
        }
        if (!(net instanceof SequentialBlock seq)) {
            rows.add(row(net.getClass().getSimpleName(), net, input));
            return rows;
        }
        Shape shape = input;
        int stage = 0;
        List<Block> children = seq.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            String name;
            if (net instanceof ResNet r) {
                boolean isStage =
                        stage < r.stages().size() && child == r.stageParts().get(stage);
                name = i == 0 ? "stem" : isStage ? stageName(++stage, r.stages().get(stage - 1)) : "head";
            } else if (net instanceof Vgg v) {
                name = i < v.subNetworks().size()
                        ? "group " + (i + 1) + " (" + v.convsPerGroup()[i] + " convs)"
                        : "classifier";
            } else {
                name = (i + 1) + " " + child.getClass().getSimpleName();
            }
            Row row = row(name, child, shape);
            rows.add(row);
            shape = new Shape(1).addAll(row.output());
        }
        return rows;
    }

    private static String stageName(int index, Stage stage) {
        return "stage " + index + " (" + stage.blocks().size() + " blocks)";
    }

    private static Row row(String name, Block block, Shape input) {
        MacCounter c = MacCounter.count(block, input);
        Shape out = block.getOutputShapes(new Shape[] {input})[0];
        return new Row(name, out.slice(1), ParameterCount.learnable(block), c.macs());
    }

    /**
     * Renders rows as a table with a total line and the closing {@code params=N macs=M} line.
     *
     * @param rows the rows
     * @return the text
     */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-22s %-16s %14s %16s%n", "part", "output", "parameters", "MACs"));
        long params = 0;
        long macs = 0;
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-22s %-16s %,14d %,16d%n",
                    r.part(),
                    r.output().toString(),
                    r.parameters(),
                    r.macs()));
            params += r.parameters();
            macs += r.macs();
        }
        sb.append(String.format(Locale.ROOT, "%-22s %-16s %,14d %,16d%n", "total", "", params, macs));
        sb.append("params=").append(params).append(" macs=").append(macs);
        return sb.toString();
    }
}
