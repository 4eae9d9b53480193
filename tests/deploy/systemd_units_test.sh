#!/bin/sh
# Checks deploy/systemd/ with systemd-analyze: `verify` must pass for every unit (run on copies
# whose ExecStart names the binaries just built, since verify requires them to exist), and
# `security --offline=yes` prints kinerjad.service's exposure score (a figure, not a check).
# Skips (exit 77) only when systemd-analyze is absent.
# Usage: systemd_units_test.sh SOURCE_DIR KINERJAD KINERJACTL
set -eu
src=$1 kinerjad=$2 kinerjactl=$3
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze is not installed (Debian package systemd)"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for unit in "$src"/deploy/systemd/*.service "$src"/deploy/systemd/*.timer; do
  sed -e "s|/usr/local/bin/kinerjad |$kinerjad |" -e "s|/usr/local/bin/kinerjactl |$kinerjactl |" \
    "$unit" >"$dir/$(basename "$unit")"
done
cd "$dir"
# verify reports unknown directives and bad values on stderr, sometimes with exit 0: any
# output is a failure.
out=$(systemd-analyze verify ./*.service ./*.timer 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "systemd-analyze verify complained:"
  echo "$out"
  exit 1
fi
echo "systemd-analyze verify: $(ls ./*.service ./*.timer | tr '\n' ' ')OK"
if score=$(systemd-analyze security --offline=yes ./kinerjad.service 2>&1); then
  echo "$score" | tail -n 1
else
  echo "systemd-analyze security --offline=yes did not run here: $(echo "$score" | tail -n 1)"
fi
