#!/usr/bin/env bash
# Runs a Groovy script against the resgrow jar. Groovy comes from Maven Central into target/ on first use.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/resgrow.jar"
lib="$here/target/script-lib/groovy"
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
if [ ! -d "$lib" ]; then
  mvn -B -q -f "$here/scripts/script-runtimes.xml" -Pgroovy dependency:copy-dependencies -DoutputDirectory="$lib"
fi
exec java -cp "$lib/*:$jar" groovy.ui.GroovyMain "$@"
