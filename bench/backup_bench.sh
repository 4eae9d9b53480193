#!/usr/bin/env bash
# Backup bench: builds a replica of about N changes in a real kinerjad (national role,
# insecure loopback, temp data dir) by importing a generated anggaran file (13 changes per
# budget line: its pagu and 12 monthly realisations), then times `kinerjactl backup save`
# (online), `kinerjactl backup inspect` and `kinerjad restore`, and prints the archive's size.
#
#   bench/backup_bench.sh BUILD_DIR N_CHANGES
set -euo pipefail
build=${1:?build dir}; changes=${2:?number of changes}
lines=$(( (changes + 12) / 13 ))
tmp=$(mktemp -d); trap 'kill $daemon 2>/dev/null && wait $daemon 2>/dev/null; rm -rf "$tmp"' EXIT
printf 'kode,nama,tingkat,induk\nRI,KPU RI,nasional,\n' > "$tmp/registry.csv"
/usr/bin/python3 - "$tmp/import.csv" "$lines" <<'PY'
import sys
path, lines = sys.argv[1], int(sys.argv[2])
with open(path, "w", buffering=1 << 20) as f:
    f.write("satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,realisasi\n")
    for l in range(lines):
        f.write("".join(
            f"RI,{2001 + l // 90000},CQ,Pemilu,{l % 90000},R1,Kegiatan,B{m + 1:02d},"
            f"{'1.000.000' if m == 0 else ''},{m * 1000 + l % 997}\n" for m in range(12)))
PY
port=$((20000 + RANDOM % 20000)); admin=$((port + 1))
"$build/daemon/kinerjad" --node RI --role national --insecure --listen 127.0.0.1:$port \
  --admin-listen 127.0.0.1:$admin --http-listen off --data-dir "$tmp/data" \
  --registry "$tmp/registry.csv" > "$tmp/kinerjad.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do grep -q "ready:" "$tmp/kinerjad.log" && break; sleep 0.2; done
ctl() { "$build/client/cli/kinerjactl" --addr 127.0.0.1:$admin --timeout 2h "$@"; }
secs() { echo "$(date +%s.%N) - $1" | bc; }
start=$(date +%s.%N)
ctl import anggaran "$tmp/import.csv" >/dev/null
echo "replica: $(ctl -o json status | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["changes_held"])') changes, import $(secs $start) s, data dir $(du -sm "$tmp/data" | cut -f1) MB"
start=$(date +%s.%N)
ctl backup save "$tmp/replica.kbak"
echo "backup save: $(secs $start) s, archive $(stat -c %s "$tmp/replica.kbak") bytes"
start=$(date +%s.%N)
ctl backup inspect "$tmp/replica.kbak" >/dev/null
echo "backup inspect: $(secs $start) s"
start=$(date +%s.%N)
"$build/daemon/kinerjad" restore --from "$tmp/replica.kbak" --data-dir "$tmp/restored"
echo "restore: $(secs $start) s"
