// Train a small ResNet on synthetic data with resgrow, from Groovy.
// Run: resgrow-examples/scripts/run-groovy.sh resgrow-examples/scripts/train.groovy
import ai.djl.ndarray.types.Shape
import io.resgrow.core.ResGrow
import io.resgrow.core.strategy.PlainStrategy
import io.resgrow.datasets.SyntheticDataset
import io.resgrow.models.resnet.ResNetBuilder

def train = SyntheticDataset.create(2000, 10, 1, 28, 40, 1)
def test = SyntheticDataset.create(200, 10, 1, 28, 40, 2)
def net = new ResNetBuilder().blocks(1, 1, 1).widths(8, 16, 32).inputChannels(1).build()
def report = ResGrow.train(net, new Shape(1, 28, 28))
        .on(train).test(test)
        .strategy(PlainStrategy.epochs(3))
        .batchSize(64)
        .quiet()
        .fit()
println "groovy: test_accuracy=${report.testAccuracy()} parameters=${report.parameters()}"
