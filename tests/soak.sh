#!/usr/bin/env bash
# Soak runs outside CI (issue 10, "Soak mode"): repeats one fault or load run until HOURS have
# passed, each run with a fresh seed, and keeps going after a failure so that one run of hours
# counts every failure. Each run's whole output is kept; one line per run goes to stdout and
# to summary.txt beside them.
#
#   tests/soak.sh kill HOURS [BUILD_DIR]   the kill -9 loop (e2e_kill_loop_test): national, a
#                                          hub, two offices, flaky links, 30 kills and 20,000
#                                          changes a run, checked through kinerjactl
#   tests/soak.sh load HOURS [BUILD_DIR]   200 offices x 10,000 changes into one hub at once
#                                          (sync_bench); prints rate, bytes and hub peak RSS
#   tests/soak.sh sim HOURS [BUILD_DIR]    kinerja_sim --profile=soak for HOURS
#
# BUILD_DIR defaults to build/. Logs go to BUILD_DIR/soak/KIND-YYYYmmdd-HHMMSS/. Exit status:
# 0 when every run passed, 1 when any failed, 2 for bad usage.
set -uo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
if [[ $# -lt 2 || ! "$1" =~ ^(kill|load|sim)$ || ! "$2" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  usage >&2
  exit 2
fi
kind=$1
hours=$2
build=$(realpath "${3:-build}")
logs="$build/soak/$kind-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$logs"
began=$(date +%s)
deadline=$(( began + $(awk -v h="$hours" 'BEGIN { printf "%d", h * 3600 }') ))

case $kind in
  kill) program="$build/tests/e2e/e2e_kill_loop_test" ;;
  load) program="$build/bench/sync_bench" ;;
  sim) program="$build/tests/sim/kinerja_sim" ;;
esac
if [[ ! -x "$program" ]]; then
  echo "soak: $program is not built (cmake --build $build)" >&2
  exit 2
fi

summary="$logs/summary.txt"
say() { echo "$*" | tee -a "$summary"; }
say "soak $kind for $hours h with $program; logs in $logs"

if [[ $kind == sim ]]; then
  "$program" --profile=soak --hours="$hours" >"$logs/sim.log" 2>&1
  rc=$?
  say "$(tail -n 1 "$logs/sim.log") (exit $rc)"
  exit $(( rc == 0 ? 0 : 1 ))
fi

runs=0
failures=0
while (( $(date +%s) < deadline )); do
  runs=$((runs + 1))
  log="$logs/run-$runs.log"
  start=$(date +%s)
  if [[ $kind == kill ]]; then
    "$program" >"$log" 2>&1
  else
    "$program" --changes 0 --offices 200 --per_office 10000 >"$log" 2>&1
  fi
  rc=$?
  [[ $rc -eq 0 ]] || failures=$((failures + 1))
  verdict=$([[ $rc -eq 0 ]] && echo ok || echo "FAILED (exit $rc, $log)")
  if [[ $kind == kill ]]; then
    detail=$(grep -h -o 'seed [0-9]*\|[0-9]* kills, [0-9]* rows[^;]*\|healed in [0-9]* sync rounds' \
               "$log" | head -n 3 | paste -sd ' ' -)
  else
    detail=$(grep -h 'offices -> hub at once\|peak RSS' "$log" | tr -s ' ' | paste -sd ' ' -)
  fi
  say "run $runs: $verdict in $(( $(date +%s) - start )) s; $detail"
done
say "soak $kind: $runs runs, $failures failed, in $(( $(date +%s) - began )) s"
exit $(( failures == 0 ? 0 : 1 ))
