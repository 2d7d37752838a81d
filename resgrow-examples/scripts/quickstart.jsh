import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.PlainStrategy;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.models.resnet.ResNetBuilder;

var train = SyntheticDataset.create(2000, 10, 1, 28, 40, 1);
var test = SyntheticDataset.create(200, 10, 1, 28, 40, 2);
var net = new ResNetBuilder().blocks(1, 1, 1).widths(8, 16, 32).inputChannels(1).build();
var report = ResGrow.train(net, new Shape(1, 28, 28)).on(train).test(test).strategy(PlainStrategy.epochs(3)).batchSize(64).quiet().fit();
System.out.println(report);
/exit
