#!/usr/bin/env bash
# CI: runs the README's JShell quick start, the Groovy script and the Kotlin script against the
# built resgrow.jar, and fails if any of them fails or does not print its result line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/resgrow.jar"
[ -f "$jar" ] || { echo "build first: mvn -B verify" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

check() { # name, expected text, command...
  local name=$1 expected=$2
  shift 2
  echo "== $name"
  if ! "$@" >"$log" 2>&1; then
    cat "$log"; echo "FAILED: $name exited with an error" >&2; exit 1
  fi
  if grep -qE '^(\|  )?(Exception|Error)|Exception in thread' "$log" || ! grep -q "$expected" "$log"; then
    cat "$log"; echo "FAILED: $name did not print '$expected' cleanly" >&2; exit 1
  fi
  grep "$expected" "$log"
}

check jshell "test accuracy" jshell --class-path "$jar" "$here/quickstart.jsh"
check groovy "groovy: test_accuracy=" "$here/run-groovy.sh" "$here/train.groovy"
check kotlin "kotlin: test_accuracy=" "$here/run-kotlin.sh" "$here/train.main.kts"
echo "scripts ok"
