package io.resgrow.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.describe.Describer;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.multires.MultiResNets;
import io.resgrow.models.multires.Traffic;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.models.vgg.VggBuilder;
import io.resgrow.models.wrn.WideResNets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints a network's parts, output shapes, parameters and MACs, ending with {@code params=N macs=M}. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Describe a network: parts, shapes, parameters, MACs.")
public final class DescribeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--place",
            defaultValue = "1",
            description = "multires: also print the traffic per step of its functions spread over this many devices")
    int place;

    @Option(names = "--batch", defaultValue = "128", description = "multires with --place: samples per step")
    int batch;

    @Option(names = "--arch", defaultValue = "resnet", description = "resnet, wrn, multires, monolith or vgg")
    String arch;

    @Option(names = "--blocks", defaultValue = "2,2,2", description = "resnet: blocks per stage")
    String blocks;

    @Option(names = "--widths", defaultValue = "16,32,64", description = "resnet: widths per stage")
    String widths;

    @Option(
            names = "--depth",
            description = "wrn/monolith: 6n+4; multires: 6n+2 (default 28);" + " vgg: 11, 13, 16 or 19 (default 16)")
    Integer depth;

    @Option(names = "--widen", defaultValue = "10", description = "wrn/multires/monolith widening")
    int widen;

    @Option(names = "--k", defaultValue = "2", description = "multires: residual functions per block")
    int k;

    @Option(names = "--branches", defaultValue = "3", description = "monolith: branches")
    int branches;

    @Option(names = "--hidden", defaultValue = "16", description = "monolith: fusion units")
    int hidden;

    @Option(names = "--batch-norm", description = "vgg: BatchNorm after every convolution")
    boolean batchNorm;

    @Option(
            names = "--fc-widths",
            defaultValue = "4096,4096",
            description = "vgg: hidden fully connected widths, or none for the linear layer right after the convs")
    String fcWidths;

    @Option(names = "--width-scale", defaultValue = "1", description = "vgg: scale every group width")
    double widthScale;

    @Option(
            names = "--pad",
            defaultValue = "0",
            description = "vgg: zero pixels around the input, a side, inside the network (2 takes 28x28 to 32x32)")
    int pad;

    @Option(names = "--input", defaultValue = "3,32,32", description = "sample shape (default CIFAR)")
    String input;

    @Option(names = "--classes", defaultValue = "10", description = "classes")
    int classes;

    @Override
    public Integer call() {
        int[] in = OptionValues.ints("--input", input);
        if (in.length != 3) {
            throw new InvalidSettingException(
                    "--input", input, "channels,height,width such as 3,32,32", "give three comma-separated integers");
        }
        Check.positive("--place", place);
        int d = depth != null ? depth : "vgg".equals(arch) ? 16 : 28;
        try {
            Block net = build(in, d);
            net.getOutputShapes(
                    new Shape[] {new Shape(1, in[0], in[1], in[2])}); // shape errors before the engine loads
            try (NDManager manager = NDManager.newBaseManager()) {
                System.out.println(Describer.table(Describer.describe(net, new Shape(in[0], in[1], in[2]), manager)));
            }
            if (place > 1 && net instanceof ResNet resnet) {
                var t = Traffic.perStep(
                        resnet, new Shape(in[0], in[1], in[2]), place, Check.positive("--batch", batch));
                System.out.printf(
                        Locale.ROOT,
                        "placed on %d devices, batch %d: transfers_per_step=%d" + " bytes_per_step=%d (%.1f MiB)%n",
                        place,
                        batch,
                        t.transfers(),
                        t.bytes(),
                        t.bytes() / 1048576.0);
            }
        } catch (InvalidSettingException e) {
            // the builder's padding is the command line's --pad
            throw "padding".equals(e.parameter()) ? e.as("--pad") : OptionValues.asOption(spec, e);
        }
        return 0;
    }

    private Block build(int[] in, int d) {
        return switch (arch) {
            case "resnet" ->
                new ResNetBuilder()
                        .blocks(OptionValues.ints("--blocks", blocks))
                        .widths(OptionValues.ints("--widths", widths))
                        .inputChannels(in[0])
                        .classes(classes)
                        .build();
            case "wrn" -> WideResNets.create(d, widen, in[0], classes);
            case "multires" -> MultiResNets.create(d, k, widen, in[0], classes);
            case "monolith" -> new MonolithNet(branches, d, widen, hidden, in[0], classes);
            case "vgg" ->
                new VggBuilder()
                        .depth(d)
                        .batchNorm(batchNorm)
                        .widthScale(widthScale)
                        .padding(pad)
                        .inputChannels(in[0])
                        .classes(classes)
                        .fcWidths("none".equals(fcWidths) ? new int[0] : OptionValues.ints("--fc-widths", fcWidths))
                        .build();
            default ->
                throw new InvalidSettingException(
                        "--arch", arch, "resnet, wrn, multires, monolith or vgg", "pick one of those");
        };
    }
}
