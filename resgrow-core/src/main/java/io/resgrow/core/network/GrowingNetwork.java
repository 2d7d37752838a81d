package io.resgrow.core.network;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.freeze.FreezableBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A generic {@link Growable} network: any sequence of layers, grouped into sub-networks by {@link
 * Partition}, and a classifier made anew for each width by a supplier (DJL's {@code Linear} and
 * {@code BatchNorm} infer their input size, so one supplier serves every width). Each sub-network is
 * wrapped in a {@link FreezableBlock}, so a strategy can freeze it for real. Child names are {@code
 * 01s1, 02s2, ...} with the classifier last, so earlier sub-networks keep their parameter names as
 * the network grows.
 */
public final class GrowingNetwork extends AbstractBlock implements Growable, MacsAware, Rebuildable {

    private final List<FreezableBlock> parts;
    private final Supplier<Block> classifiers;
    private Block classifier;
    private int grown;
    private Architecture full;
    private BiConsumer<Shape, Integer> inputCheck = (shape, count) -> {};

    /**
     * Creates a network that starts with its first {@code start} sub-networks.
     *
     * @param parts the sub-networks S1..SK, each with trainable parameters
     * @param classifiers makes a new, uninitialised classifier
     * @param start how many sub-networks run at first, in [1, K]
     */
    public GrowingNetwork(List<Block> parts, Supplier<Block> classifiers, int start) {
        if (parts.isEmpty()) {
            throw new InvalidSettingException("parts", "[]", "at least one sub-network", "pass the layers to grow");
        }
        if (start < 1 || start > parts.size()) {
            throw new InvalidSettingException(
                    "start",
                    start,
                    "an integer in [1, " + parts.size() + "]",
                    "start with at least the first sub-network and at most all of them");
        }
        List<FreezableBlock> wrapped = new ArrayList<>();
        for (Block p : parts) {
            wrapped.add(p instanceof FreezableBlock f ? f : FreezableBlock.wrap(p));
        }
        this.parts = List.copyOf(wrapped);
        this.classifiers = classifiers;
        for (int i = 0; i < start; i++) {
            addChildBlock("s" + (i + 1), this.parts.get(i));
        }
        this.classifier = addChildBlock("classifier", classifiers.get());
        this.grown = start;
    }

    @Override
    public List<Block> subNetworks() {
        return List.copyOf(parts);
    }

    @Override
    public Block classifier() {
        return classifier;
    }

    @Override
    public int grown() {
        return grown;
    }

    /**
     * Records what builds this network with all its sub-networks (the family builder calls it), so
     * that it can be saved and built again with as many sub-networks as it has grown.
     *
     * @param architecture the full network's description
     * @return this network
     */
    public GrowingNetwork describedBy(Architecture architecture) {
        this.full = architecture;
        return this;
    }

    /**
     * Sets the family's check of an input against the first sub-networks (the family builder calls
     * it: a VGG's k-th max-pool needs inputs of at least 2^k pixels a side). The network runs it at
     * initialisation for the sub-networks in, and at every {@link #grow} for the one to come, before
     * it changes anything; {@link #checkInput} runs it for any count (a strategy that will grow all
     * sub-networks checks all of them before training).
     *
     * @param check receives the batch input shape {@code (N, ...)} and a count of sub-networks, and
     *     throws {@link InvalidSettingException} if those sub-networks cannot take the input
     * @return this network
     */
    public GrowingNetwork checkingInputs(BiConsumer<Shape, Integer> check) {
        this.inputCheck = Check.notNull("check", check);
        return this;
    }

    /**
     * Checks that the first {@code count} sub-networks take an input (nothing for a network without a
     * family check).
     *
     * @param batchInputShape the input shape of one batch
     * @param count sub-networks, 1 to all
     * @throws InvalidSettingException if they cannot take it
     */
    public void checkInput(Shape batchInputShape, int count) {
        inputCheck.accept(batchInputShape, count);
    }

    @Override
    public Architecture architecture() {
        if (full == null) {
            throw new InvalidSettingException(
                    "network",
                    "a GrowingNetwork of your own layers",
                    "a network built by ResNetBuilder.buildGrowing or VggBuilder.buildGrowing (or one given"
                            + " describedBy(...))",
                    "save its parameters with DJL's Model.save and rebuild it yourself");
        }
        return new Architecture(full.family(), grown, full.settings());
    }

    @Override
    public Block grow(Shape batchInputShape, BiConsumer<Block, Shape> initializer) {
        if (grown == parts.size()) {
            throw new IllegalStateException("all " + parts.size() + " sub-networks are in: nothing left to grow");
        }
        inputCheck.accept(batchInputShape, grown + 1);
        Shape features = featureShape(batchInputShape, grown);
        FreezableBlock next = parts.get(grown);
        initializer.accept(next, features);
        Block fresh = classifiers.get();
        initializer.accept(fresh, next.getOutputShapes(new Shape[] {features})[0]);
        Block old = classifier;
        children.remove(children.size() - 1);
        addChildBlock("s" + (grown + 1), next);
        classifier = addChildBlock("classifier", fresh);
        grown++;
        return old;
    }

    private Shape featureShape(Shape input, int count) {
        Shape[] shape = {input};
        for (int i = 0; i < count; i++) {
            shape = parts.get(i).getOutputShapes(shape);
        }
        return shape[0];
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (int i = 0; i < grown; i++) {
            x = parts.get(i).forward(store, x, training, params);
        }
        return classifier.forward(store, x, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {featureShape(inputShapes[0], grown)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inputCheck.accept(inputShapes[0], grown);
        Shape[] shape = inputShapes;
        for (int i = 0; i < grown; i++) {
            parts.get(i).initialize(manager, dataType, shape);
            shape = parts.get(i).getOutputShapes(shape);
        }
        classifier.initialize(manager, dataType, shape);
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        Shape[] shape = inputs;
        for (int i = 0; i < grown; i++) {
            shape = counter.visit(parts.get(i), shape);
        }
        return counter.visit(classifier, shape);
    }

    @Override
    public String toString() {
        return "GrowingNetwork(" + grown + " of " + parts.size() + " sub-networks, " + parts + ", classifier "
                + classifier + ")";
    }
}
