#!/usr/bin/env bash
# CI: builds and runs a consumer project made of README.md's Maven snippet (the ```xml block between
# <!-- consumer-pom:start --> and <!-- consumer-pom:end -->) against the resgrow artifacts this
# checkout installs, offline, and fails loudly if anything breaks.
#
# Steps: install resgrow as the README says (mvn -B -q install -DskipTests, here with -o); write a
# pom (coordinates, Java 17, pinned plugins, the snippet as is but the natives' classifier, set to
# this machine's) and one class that builds small ResNets and trains them on synthetic data through
# the plain and multi-level strategies (two epochs each) and checks the reports; compile it, resolve
# its runtime class path (the resgrow jars must be the ones just built), run it.
#
# It installs into the local repository (~/.m2), which other builds may share: on such a machine
# run it as a whole under their lock, e.g. flock /tmp/resgrow-build.lock resgrow-examples/scripts/check-consumer.sh
# (it takes no lock itself). Maven runs online (a fresh CI machine's local repository lacks
# maven-install-plugin and maven-dependency-plugin, which mvn verify does not fetch);
# RESGROW_CONSUMER_OFFLINE=1 adds -o where every plugin is cached. The consumer's run is offline.
set -euo pipefail
start=$SECONDS
root=$(cd "$(dirname "$0")/../.." && pwd)
offline=
[ "${RESGROW_CONSUMER_OFFLINE:-}" = 1 ] && offline=-o
fail() { echo "FAILED: consumer check: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$work"; else echo "consumer project kept in $work" >&2; fi' EXIT
log="$work/log"

run() { # description, command...: runs quietly, shows the output and fails if the command fails
  local what=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "$what"
  fi
}

# the natives' classifier of this machine (the README's snippet shows linux-x86_64)
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) classifier=linux-x86_64 ;;
  Linux-aarch64 | Linux-arm64) classifier=linux-aarch64 ;;
  Darwin-arm64) classifier=osx-aarch64 ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) classifier=win-x86_64 ;;
  *) fail "DJL publishes no CPU natives of libtorch 2.7.1 for $(uname -s) $(uname -m)" ;;
esac

# 1. the snippet
snippet=$(awk '/<!-- consumer-pom:end -->/ { on = 0 } on && !/^```/ { print } /<!-- consumer-pom:start -->/ { on = 1 }' \
  "$root/README.md")
[ -n "$snippet" ] || fail "README.md has no snippet between <!-- consumer-pom:start --> and <!-- consumer-pom:end -->"
grep -q '<artifactId>resgrow-bom</artifactId>' <<<"$snippet" || fail "the README's snippet does not import resgrow-bom"
grep -q '<classifier>linux-x86_64</classifier>' <<<"$snippet" || fail "the README's snippet names no linux-x86_64 natives"
snippet=${snippet//<classifier>linux-x86_64<\/classifier>/<classifier>$classifier<\/classifier>}
echo "== consumer ($((SECONDS - start)) s): README.md's snippet, $(wc -l <<<"$snippet") lines, natives $classifier"

# 2. resgrow into the local repository, as the README says
echo "== consumer ($((SECONDS - start)) s): mvn -B -q $offline install -DskipTests"
run "mvn install in $root" mvn -B -q $offline -f "$root/pom.xml" install -DskipTests

# 3. the consumer project
mkdir -p "$work/src/main/java/consumer"
cat >"$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>consumer</groupId>
  <artifactId>resgrow-consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
$snippet
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
</project>
EOF
cat >"$work/src/main/java/consumer/Consumer.java" <<'EOF'
package consumer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;

/** A consumer of the installed artifacts: small ResNets, two epochs of two strategies. */
public class Consumer {
    public static void main(String[] args) {
        var train = SyntheticDataset.create(1024, 10, 1, 28, 40, 1);
        var test = SyntheticDataset.create(128, 10, 1, 28, 40, 2);
        var net = new ResNetBuilder().blocks(1, 1, 1).widths(8, 16, 32).inputChannels(1).classes(10).build();
        TrainingReport plain = ResGrow.train(net, new Shape(1, 28, 28)).on(train).test(test)
                .strategy(PlainStrategy.epochs(2)).batchSize(64).quiet().fit();
        // 1-1-1 blocks for one epoch, then interpolated to 2-2-2 for another
        var grown = new ResNetBuilder().blocks(1, 1, 1).widths(8, 16, 32).inputChannels(1).classes(10).build();
        TrainingReport multilevel = ResGrow.train(grown, new Shape(1, 28, 28)).on(train).test(test)
                .strategy(MultiLevelInterpolation.builder().cycleLengths(1, 1).eta(0.1, 0.001).build())
                .batchSize(64).quiet().fit();
        for (TrainingReport r : new TrainingReport[] {plain, multilevel}) {
            if (r.parameters() <= 0 || r.testAccuracy() == null || r.testAccuracy().isNaN() || r.epochs().isEmpty()) {
                throw new IllegalStateException("no usable report: " + r);
            }
        }
        if (plain.testAccuracy() < 0.2) { // 10 classes: chance is 0.1
            throw new IllegalStateException("plain training learnt nothing: " + plain);
        }
        if (multilevel.parameters() <= plain.parameters()) {
            throw new IllegalStateException("multi-level did not grow the network: " + multilevel.parameters()
                    + " parameters, plain " + plain.parameters());
        }
        Engine engine = Engine.getInstance();
        System.out.printf(
                "consumer: engine=%s %s plain parameters=%d test_accuracy=%.4f"
                        + " multilevel parameters=%d test_accuracy=%.4f%n",
                engine.getEngineName(), engine.getVersion(), plain.parameters(), plain.testAccuracy(),
                multilevel.parameters(), multilevel.testAccuracy());
    }
}
EOF

echo "== consumer ($((SECONDS - start)) s): compile and resolve its runtime class path ($work)"
run "the consumer project does not build" mvn -B -q $offline -f "$work/pom.xml" compile \
  dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt"

# the resgrow jars on its class path are this checkout's, not an older or another branch's install
module_jars=0
for jar in $(tr ':' '\n' <"$work/cp.txt" | grep '/io/resgrow/'); do
  name=$(basename "$jar")
  module=${name%%-[0-9]*}
  built="$root/$module/target/$name"
  [ -f "$built" ] || fail "$name on the consumer's class path, but no $built"
  cmp -s "$jar" "$built" || fail "$jar is not the jar this checkout built ($built): another install in between?"
  module_jars=$((module_jars + 1))
done
[ "$module_jars" -eq 4 ] || fail "expected resgrow-core, -models, -strategies, -datasets on the class path, found $module_jars jars"
tr ':' '\n' <"$work/cp.txt" | grep -q "pytorch-native-cpu-2.7.1-$classifier.jar" \
  || fail "no pytorch-native-cpu 2.7.1 $classifier on the class path"

# offline, and with an empty DJL cache: libtorch and the JNI must come out of the resolved jars (a
# warm ~/.djl.ai would hide a missing pytorch-jni or pytorch-native-cpu)
echo "== consumer ($((SECONDS - start)) s): run (offline, empty DJL cache: natives from the jars)"
run "the consumer failed" env -u ENGINE_CACHE_DIR java -Doffline=true -DDJL_CACHE_DIR="$work/djl-cache" \
  -Dai.djl.pytorch.num_threads=2 -cp "$work/target/classes:$(cat "$work/cp.txt")" consumer.Consumer
[ -n "$(ls "$work/djl-cache/pytorch" 2>/dev/null)" ] || fail "DJL did not extract libtorch into $work/djl-cache"
grep -q '^consumer: engine=PyTorch 2.7.1 ' "$log" || { cat "$log" >&2; fail "no result line from PyTorch 2.7.1"; }
grep '^consumer: ' "$log"
echo "consumer ok ($((SECONDS - start)) s)"
