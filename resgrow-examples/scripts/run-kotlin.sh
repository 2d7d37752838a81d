#!/usr/bin/env bash
# Runs a Kotlin script (.main.kts) against the resgrow jar. Kotlin comes from Maven Central into target/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/resgrow.jar"
lib="$here/target/script-lib/kotlin"
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
if [ ! -d "$lib" ]; then
  for a in kotlin-compiler-embeddable kotlin-scripting-compiler-embeddable kotlin-main-kts; do
    mvn -B -q dependency:copy -Dartifact=org.jetbrains.kotlin:$a:2.1.0 -DoutputDirectory="$lib"
  done
  # the compiler's own dependencies
  for a in kotlin-stdlib:2.1.0 kotlin-script-runtime:2.1.0 kotlin-reflect:1.6.10 kotlin-daemon-embeddable:2.1.0 \
           kotlin-scripting-common:2.1.0 kotlin-scripting-jvm:2.1.0 kotlin-scripting-compiler-impl-embeddable:2.1.0; do
    mvn -B -q dependency:copy -Dartifact=org.jetbrains.kotlin:$a -DoutputDirectory="$lib"
  done
  mvn -B -q dependency:copy -Dartifact=org.jetbrains.intellij.deps:trove4j:1.0.20200330 -DoutputDirectory="$lib"
  mvn -B -q dependency:copy -Dartifact=org.jetbrains:annotations:13.0 -DoutputDirectory="$lib"
fi
cp="$lib/kotlin-stdlib-2.1.0.jar:$lib/kotlin-script-runtime-2.1.0.jar:$lib/kotlin-main-kts-2.1.0.jar:$jar"
exec java -cp "$lib/*" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -no-stdlib -classpath "$cp" -script "$@"
