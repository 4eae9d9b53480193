#!/usr/bin/env bash
# Import memory bench: generates a valid import file of about SIZE_MB megabytes, imports it
# with kinerjactl into a real kinerjad (national role, insecure loopback, temp data dir) and
# prints the peak RSS (VmHWM) of kinerjad and kinerjactl, the elapsed time, rows/s and
# kinerjad's RSS after the import.
#
#   bench/import_rss.sh BUILD_DIR SIZE_MB [realisasi|anggaran]
#
# realisasi: realisasi_indikator rows with a 200-byte keterangan, one record per row.
# anggaran:  monthly anggaran rows (12 per budget line), pagu on the first: the issue's shape
#            (62 MB is about 900k rows).
set -euo pipefail
build=${1:?build dir}; size_mb=${2:?size in MB}; kind=${3:-realisasi}
tmp=$(mktemp -d); trap 'kill $daemon 2>/dev/null && wait $daemon 2>/dev/null; rm -rf "$tmp"' EXIT
printf 'kode,nama,tingkat,induk\nRI,KPU RI,nasional,\n' > "$tmp/registry.csv"
python3 - "$tmp/import.csv" "$size_mb" "$kind" <<'PY'
import sys
path, size, kind = sys.argv[1], int(sys.argv[2]) * 1000 * 1000, sys.argv[3]
note = "catatan " + "x" * 192
with open(path, "w", buffering=1 << 20) as f:
    if kind == "realisasi":
        f.write("satker,tahun,indikator_kode,periode,realisasi,keterangan\n")
        i = 0
        while f.tell() < size:
            f.write("".join(f"RI,{2001 + (i + k) // 12 // 90000},IK{(i + k) // 12 % 90000},B{(i + k) % 12 + 1:02d},{(i + k) % 100}.5,{note}\n" for k in range(1200)))
            i += 1200
    else:
        f.write("satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,realisasi\n")
        line = 0
        while f.tell() < size:
            rows = []
            for k in range(100):
                l = line + k
                for m in range(12):
                    pagu = "1.000.000" if m == 0 else ""
                    rows.append(f"RI,{2001 + l // 90000},CQ,Pemilu,{l % 90000},R1,Kegiatan,B{m + 1:02d},{pagu},{m * 1000}\n")
            f.write("".join(rows))
            line += 100
PY
bytes=$(stat -c %s "$tmp/import.csv"); rows=$(($(wc -l < "$tmp/import.csv") - 1))
port=$((20000 + RANDOM % 20000)); admin=$((port + 1))
"$build/daemon/kinerjad" --node RI --role national --insecure --listen 127.0.0.1:$port \
  --admin-listen 127.0.0.1:$admin --data-dir "$tmp/data" --registry "$tmp/registry.csv" \
  > "$tmp/kinerjad.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do grep -q "ready:" "$tmp/kinerjad.log" && break; sleep 0.2; done
hwm() { awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$1/status"; }
rss() { awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$1/status"; }
echo "file: $kind, $bytes bytes, $rows rows; kinerjad RSS before: $(rss $daemon)"
start=$(date +%s.%N)
# kinerjactl's own peak RSS, from GNU time's %M (KiB) when present, else from /proc at exit.
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "kinerjactl peak RSS: %M KiB" "$build/client/cli/kinerjactl" \
    --addr 127.0.0.1:$admin --timeout 2h import "${kind/realisasi/realisasi_indikator}" "$tmp/import.csv"
else
  "$build/client/cli/kinerjactl" --addr 127.0.0.1:$admin --timeout 2h \
    import "${kind/realisasi/realisasi_indikator}" "$tmp/import.csv" &
  ctl=$!; peak=0
  while kill -0 $ctl 2>/dev/null; do
    v=$(awk '/VmHWM/ {print $2}' /proc/$ctl/status 2>/dev/null || echo 0); [ "${v:-0}" -gt $peak ] && peak=$v; sleep 0.5
  done
  wait $ctl; echo "kinerjactl peak RSS: $peak KiB (sampled)"
fi
end=$(date +%s.%N)
elapsed=$(echo "$end - $start" | bc)
echo "elapsed: ${elapsed}s, rows/s: $(echo "$rows / $elapsed" | bc)"
echo "kinerjad peak RSS (VmHWM): $(hwm $daemon); RSS after: $(rss $daemon)"
