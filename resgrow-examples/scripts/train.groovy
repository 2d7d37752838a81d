// Train a small ResNet on the bundled Fashion-MNIST sample with multi-level interpolation, from Groovy.
// Run: resgrow-examples/scripts/run-groovy.sh resgrow-examples/scripts/train.groovy
import ai.djl.ndarray.types.Shape
import io.resgrow.core.ResGrow
import io.resgrow.datasets.augment.ChannelNormalize
import io.resgrow.examples.Sample
import io.resgrow.models.resnet.ResNetBuilder
import io.resgrow.strategies.multilevel.MultiLevelInterpolation

def data = Sample.load()
def net = new ResNetBuilder().blocks(1, 1, 1).widths(8, 16, 32).inputChannels(1).build()
def strategy = MultiLevelInterpolation.builder().cycleLengths(1, 1).eta(0.1, 0.001).batchSize(100).build()
def report = ResGrow.train(net, new Shape(1, 28, 28))
        .on(data.train()).test(data.test())
        .strategy(strategy)
        .preprocess(ChannelNormalize.fromData(data.train()))
        .quiet()
        .fit()
println report
println "groovy: test_accuracy=${report.testAccuracy()} parameters=${report.parameters()}"
