// Train a small ResNet on synthetic data with resgrow, from a Kotlin script.
// Run: resgrow-examples/scripts/run-kotlin.sh resgrow-examples/scripts/train.main.kts
import ai.djl.ndarray.types.Shape
import io.resgrow.core.ResGrow
import io.resgrow.core.strategy.PlainStrategy
import io.resgrow.datasets.SyntheticDataset
import io.resgrow.models.resnet.ResNetBuilder

val train = SyntheticDataset.create(2000, 10, 1, 28, 40.0, 1)
val test = SyntheticDataset.create(200, 10, 1, 28, 40.0, 2)
val net = ResNetBuilder().blocks(1, 1, 1).widths(8, 16, 32).inputChannels(1).build()
val report = ResGrow.train(net, Shape(1, 28, 28))
    .on(train).test(test)
    .strategy(PlainStrategy.epochs(3))
    .batchSize(64)
    .quiet()
    .fit()
println("kotlin: test_accuracy=${report.testAccuracy()} parameters=${report.parameters()}")
