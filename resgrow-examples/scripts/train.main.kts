// Train a small ResNet on the bundled Fashion-MNIST sample with multi-level interpolation, from a Kotlin script.
// Run: resgrow-examples/scripts/run-kotlin.sh resgrow-examples/scripts/train.main.kts
import ai.djl.ndarray.types.Shape
import io.resgrow.core.ResGrow
import io.resgrow.datasets.augment.ChannelNormalize
import io.resgrow.examples.Sample
import io.resgrow.models.resnet.ResNetBuilder
import io.resgrow.strategies.multilevel.MultiLevelInterpolation

val data = Sample.load()
val net = ResNetBuilder().blocks(1, 1, 1).widths(8, 16, 32).inputChannels(1).build()
val strategy = MultiLevelInterpolation.builder().cycleLengths(1, 1).eta(0.1, 0.001).batchSize(100).build()
val report = ResGrow.train(net, Shape(1, 28, 28))
    .on(data.train()).test(data.test())
    .strategy(strategy)
    .preprocess(ChannelNormalize.fromData(data.train()))
    .quiet()
    .fit()
println(report)
println("kotlin: test_accuracy=${report.testAccuracy()} parameters=${report.parameters()}")
