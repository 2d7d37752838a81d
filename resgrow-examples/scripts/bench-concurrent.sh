#!/usr/bin/env bash
# Two trainings sharing the cores: one run alone, two one after the other, two started together,
# with the launcher's default (OMP_WAIT_POLICY=PASSIVE in a child JVM) and with OMP_WAIT_POLICY=ACTIVE
# (libtorch's spinning threads, the behaviour before the launcher). Prints wall times and ratios.
# Usage: resgrow-examples/scripts/bench-concurrent.sh [train options]   (from the repository's root)
set -euo pipefail
JAR=${RESGROW_JAR:-resgrow-examples/target/resgrow.jar}
ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(--epochs 2 --train-limit 2000 --quiet)
now() { date +%s.%N; }
run() { java -jar "$JAR" train "${ARGS[@]}" > /dev/null; }
for policy in default ACTIVE; do
  if [ "$policy" = ACTIVE ]; then export OMP_WAIT_POLICY=ACTIVE; else unset OMP_WAIT_POLICY; fi
  t0=$(now); run; t1=$(now); run; t2=$(now)
  run & a=$!; run & b=$!; wait $a; wait $b; t3=$(now)
  awk -v p="$policy" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" 'BEGIN {
    alone = t1 - t0; seq = t2 - t0; conc = t3 - t2;
    printf "policy=%s alone_s=%.1f sequential_s=%.1f concurrent_s=%.1f concurrent/sequential=%.2f\n", p, alone, seq, conc, conc / seq }'
done
