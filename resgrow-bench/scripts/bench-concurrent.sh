#!/usr/bin/env bash
# Two trainings sharing the cores, and what the launcher's wait policy costs one run alone.
# 1. For the launcher's default (OMP_WAIT_POLICY=PASSIVE, GOMP_SPINCOUNT=1000, set in the JVM's own
#    environment before libtorch loads) and for OMP_WAIT_POLICY=ACTIVE (libtorch's spinning threads,
#    the behaviour before the launcher): one run alone, two one after the other, two started together.
#    Then, with the launcher's default, the two together with --threads <processors/2> each (the
#    recipe for a sweep) against the two one after the other with all the processors each (the pair
#    timed above, not alternated with it). Do not pass --threads among the train options.
# 2. One run alone, ROUNDS times alternating, with the launcher's default and with nothing set
#    (RESGROW_RELAUNCH=0: libgomp's defaults); the ratio of the medians.
# Usage: resgrow-bench/scripts/bench-concurrent.sh [train options]   (from the repository's root)
set -euo pipefail
JAR=${RESGROW_JAR:-resgrow-examples/target/resgrow.jar}
ROUNDS=${ROUNDS:-5}
ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(--epochs 2 --train-limit 2000 --quiet)
now() { date +%s.%N; }
run() { java -jar "$JAR" train "${ARGS[@]}" "$@" > /dev/null; }
for policy in default ACTIVE; do
  if [ "$policy" = ACTIVE ]; then export OMP_WAIT_POLICY=ACTIVE; else unset OMP_WAIT_POLICY; fi
  t0=$(now); run; t1=$(now); run; t2=$(now)
  run & a=$!; run & b=$!; wait $a; wait $b; t3=$(now)
  awk -v p="$policy" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" 'BEGIN {
    alone = t1 - t0; seq = t2 - t0; conc = t3 - t2;
    printf "policy=%s alone_s=%.1f sequential_s=%.1f concurrent_s=%.1f concurrent/sequential=%.2f\n", p, alone, seq, conc, conc / seq }'
  if [ "$policy" = default ]; then sequential=$(awk -v a="$t0" -v b="$t2" 'BEGIN { print b - a }'); fi
done
unset OMP_WAIT_POLICY
half=$(( $(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc) / 2 )); [ "$half" -ge 1 ] || half=1
t0=$(now); run --threads "$half" & a=$!; run --threads "$half" & b=$!; wait $a; wait $b; t1=$(now)
awk -v h="$half" -v s="$sequential" -v t0="$t0" -v t1="$t1" 'BEGIN {
  printf "policy=default, together with --threads %d each: concurrent_s=%.1f against sequential_s=%.1f (all processors each): %.2f\n", h, t1 - t0, s, (t1 - t0) / s }'
launcher=(); nothing=()
for ((i = 0; i < ROUNDS; i++)); do
  t0=$(now); run; t1=$(now); RESGROW_RELAUNCH=0 run; t2=$(now)
  launcher+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')")
  nothing+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ml=$(median "${launcher[@]}"); mn=$(median "${nothing[@]}")
echo "alone_launcher_s=[${launcher[*]}] alone_nothing_set_s=[${nothing[*]}]"
awk -v l="$ml" -v n="$mn" 'BEGIN { printf "alone median launcher/nothing_set=%.3f (%.2f s / %.2f s)\n", l / n, l, n }'
