#!/bin/sh
# Builds one fuzz target with clang-14 (libFuzzer, ASan, UBSan) into build-fuzz/ and runs it on
# its corpus for SECONDS, then prints libFuzzer's final exec/s and total executions.
#   tests/fuzz/run.sh TARGET SECONDS [JOBS]
#   tests/fuzz/run.sh sync_session 3600        # an hour, one job
# TARGET is a folder of tests/fuzz/corpus/ (import_anggaran, angka_roundtrip, config_text,
# sync_message, sync_session, ...). The committed corpus is only read: inputs the run finds
# go to build-fuzz/corpus/TARGET/, crashes to build-fuzz/artifacts/TARGET/ (minimise one with
# `build-fuzz/tests/fuzz/fuzz_TARGET -minimize_crash=1 -runs=10000 FILE`, then add it to
# tests/fuzz/corpus/TARGET/). Runs at nice 10: the machine is shared. KINERJA_FUZZ_TIMEOUT
# (seconds, default 20) bounds one input: libFuzzer measures it on the wall clock, so a long run
# at low priority on a loaded machine needs more (a starved input is not a hang).
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 TARGET SECONDS [JOBS]" >&2
  exit 2
fi
target=$1
seconds=$2
jobs=${3:-1}
timeout=${KINERJA_FUZZ_TIMEOUT:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${KINERJA_FUZZ_BUILD:-$root/build-fuzz}
corpus=$root/tests/fuzz/corpus/$target
if [ ! -d "$corpus" ]; then
  echo "$0: no corpus folder $corpus" >&2
  exit 2
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DKINERJA_FUZZ=ON -DKINERJA_WERROR=OFF \
    -DKINERJA_BUILD_BENCH=OFF -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
fi
if [ -z "${KINERJA_FUZZ_NO_BUILD:-}" ]; then  # Set it to run what is already built.
  nice -n 10 cmake --build "$build" -j2 --target "fuzz_$target"
fi

work=$build/corpus/$target
artifacts=$build/artifacts/$target
logs=$build/logs/$target
mkdir -p "$work" "$artifacts" "$logs"
rm -f "$logs"/*.log

status=0
cd "$logs"
if [ "$jobs" -gt 1 ]; then
  # Each job writes fuzz-N.log here; -max_total_time bounds each of them.
  nice -n 10 "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
    -timeout="$timeout" -artifact_prefix="$artifacts/" -jobs="$jobs" -workers="$jobs" \
    "$work" "$corpus" >/dev/null 2>&1 || status=$?
else
  nice -n 10 "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
    -timeout="$timeout" -artifact_prefix="$artifacts/" "$work" "$corpus" >fuzz-0.log 2>&1 || status=$?
fi

# libFuzzer's final stats, summed over the jobs.
cat "$logs"/fuzz-*.log | awk -v target="$target" -v seconds="$seconds" -v jobs="$jobs" '
  /^stat::number_of_executed_units:/ { execs += $2 }
  /^stat::average_exec_per_sec:/ { rate += $2 }
  /^stat::new_units_added:/ { added += $2 }
  /^stat::peak_rss_mb:/ { if ($2 > rss) rss = $2 }
  END {
    printf "%s: %d executions in %s s (%d job(s)), %d exec/s, %d new inputs, peak RSS %d MB\n",
           target, execs, seconds, jobs, rate, added, rss
  }'
tail -n 3 "$logs"/fuzz-0.log 2>/dev/null || true
if [ "$status" -ne 0 ]; then
  echo "fuzz_$target stopped with status $status: see $logs and $artifacts" >&2
fi
exit "$status"
