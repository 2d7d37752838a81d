#!/usr/bin/env bash
# Runs a Kotlin script (.main.kts) against the resgrow jar. The Kotlin script compiler comes from
# Maven Central into target/ on first use.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/resgrow.jar"
lib="$here/target/script-lib/kotlin"
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
if [ ! -d "$lib" ]; then
  mvn -B -q -f "$here/scripts/script-runtimes.xml" -Pkotlin dependency:copy-dependencies -DoutputDirectory="$lib"
fi
cp="$lib/kotlin-stdlib-2.1.0.jar:$lib/kotlin-script-runtime-2.1.0.jar:$lib/kotlin-main-kts-2.1.0.jar:$jar"
exec java -cp "$lib/*" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -no-stdlib -classpath "$cp" -script "$@"
