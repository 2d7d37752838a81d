#!/usr/bin/env bash
# BENCHMARKS.md, issue 26: partitioned stage 1 in one JVM against local-cluster[2,1,1024], on
# Fashion-MNIST's first 10,000 training images (2 WRN-10-1 branches). Needs no Spark installation.
# Usage (from the repository's root, after mvn -B -q -pl resgrow-spark -am install -DskipTests):
#   resgrow-spark/scripts/bench-spark.sh [DATA_DIR] [EPOCHS_PER_BRANCH]
# and local SGD's k = 1, 10, 100 against one process (LocalSgdBench):
#   resgrow-spark/scripts/bench-spark.sh local-sgd [DATA_DIR] [IMAGES] [STEPS] [MASTER]
# and compare's runs in turn in one process against each a task on local-cluster[2,1,1024] (CompareBench):
#   resgrow-spark/scripts/bench-spark.sh compare [DATA_DIR] [IMAGES] [EPOCHS]
# and the command line with resgrow-spark on its class path, executors of local-cluster included
# (train plain|multilevel --spark MASTER as local SGD, against the same line without --spark):
#   resgrow-spark/scripts/bench-spark.sh cli train plain --data DIR ... [--spark MASTER --local-steps K]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
if [ "${1:-}" = local-sgd ]; then
  shift
  BENCH="io.resgrow.spark.LocalSgdBench $*"
elif [ "${1:-}" = cli ]; then
  shift
  BENCH="io.resgrow.examples.cli.ResgrowCli $*"
elif [ "${1:-}" = compare ]; then
  shift
  BENCH="io.resgrow.spark.CompareBench $*"
else
  BENCH="io.resgrow.spark.SparkBench ${1:-/usr/share/datasets/fashion-mnist} ${2:-2}"
fi
OPENS=$(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' pom.xml)
export SPARK_TESTING=1 SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OMP_WAIT_POLICY=PASSIVE
# shellcheck disable=SC2086
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/test-classpath.txt)"
mkdir -p target/spark-home
# local-cluster's executor JVMs get this class path and the opens (as the tests give them)
exec java $OPENS -Dspark.testing=true -Dresgrow.spark.opens="$OPENS" -Dspark.test.home="$PWD/target/spark-home" \
  -Dspark.executor.extraClassPath="$CP" -Dspark.executor.extraJavaOptions="$OPENS" -Dspark.ui.enabled=false \
  -Dspark.driver.host=127.0.0.1 -cp "$CP" $BENCH
