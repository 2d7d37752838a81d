#!/usr/bin/env bash
# Reruns every benchmark of resgrow-bench/BENCHMARKS.md with the commands given there, one after the other (the
# machine has 2 cores: never two at once). --quick runs only the step-level ones (about half an hour);
# without it the training comparisons (multilevel, incremental, partitioned) take hours.
# Usage, from the repository's root after `mvn -B -q package -DskipTests`:
#   resgrow-bench/scripts/bench-all.sh [--quick]
set -euo pipefail
JAR=${RESGROW_BENCH_JAR:-resgrow-bench/target/resgrow-bench.jar}
bench() { echo "== resgrow-bench $*"; java -jar "$JAR" "$@" 2>&1 | grep -v ' INFO \| WARN '; }
bench step --blocks 3,3,3 --input 1,28,28 --batch 128 --steps 20 --rounds 5 --compare pytorch
bench step --blocks 2,2,2 --input 3,32,32 --batch 128 --steps 20 --rounds 5 --compare pytorch
bench step --blocks 3,3,3 --input 1,28,28 --batch 8 --steps 100 --rounds 9 --compare pytorch
GRAPHS=$(mktemp -d)
trap 'rm -rf "$GRAPHS"' EXIT
for b in 8 128; do
  "${RESGROW_PYTHON:-/usr/bin/python3}" resgrow-bench/peers/pytorch_step.py --blocks 3,3,3 --input 1,28,28 \
      --batch "$b" --trace "$GRAPHS/b$b.pt"
done
bench parts --blocks 3,3,3 --input 1,28,28 --batch 8 --steps 100 --rounds 5 --compare pytorch --same-graph "$GRAPHS/b8.pt"
bench parts --blocks 3,3,3 --input 1,28,28 --batch 128 --steps 20 --rounds 3 --compare pytorch --same-graph "$GRAPHS/b128.pt"
bench step --blocks 3,3,3 --batch 128 --steps 20 --compare djl
bench epoch --blocks 3,3,3 --batch 128 --steps 421 --rounds 3
bench djl-dataset --blocks 3,3,3 --batch 128 --train-images 10000 --rounds 5
bench ops --blocks 3,3,3 --batch 8 --steps 4
bench optimizer --blocks 3,3,3 --steps 50
bench augment
echo "== two trainings at once"; "$(dirname "$0")/bench-concurrent.sh"
echo "== resgrow-bench memory"
java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -jar "$JAR" memory --blocks 1,1,1 --batch 32 --steps 5000 2>&1 \
    | grep -v ' INFO \| WARN '
if [ "${1:-}" = --quick ]; then
  exit 0
fi
bench modelparallel
bench multilevel
bench incremental --train-images 20000 --epochs 12
bench partitioned --train-images 20000 --stage-epochs 4,2,2
