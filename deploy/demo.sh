#!/usr/bin/env bash
# The three-tier demo on loopback: a national node (RI), two provincial hubs (Banten 36, Bali
# 51) and four offices (3673 Kota Serang, 3604 Kab. Serang, 3603 Kab. Tangerang under Banten;
# 5104 Gianyar under Bali), each a real kinerjad with its own replica in a temporary directory
# and mutual TLS between nodes. The offices import their documents (deploy/demo/*.csv,
# transcribed from the seeds) while their hubs are still down, then the hubs come up, every
# tier syncs, and the demo shows what each tier holds, the Banten and national rollups and
# the Kabupaten Tangerang 2024 LKj. Every process it starts is stopped.
#
#   deploy/demo.sh [--keep]     (--keep: leave the temporary directory for inspection)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${KINERJA_BUILD_DIR:-$ROOT/build}
DEMO=$ROOT/deploy/demo
KEEP=0
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

if [ ! -x "$BUILD/daemon/kinerjad" ] || [ ! -x "$BUILD/client/kinerjactl" ]; then
  echo "== building (first run only)"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j "$(nproc)" --target kinerjad kinerjactl
fi
KINERJAD=$BUILD/daemon/kinerjad
CTL_BIN=$BUILD/client/kinerjactl

WORK=$(mktemp -d /tmp/kinerja-demo-XXXXXX)
declare -A PID SYNC_PORT ADMIN_PORT UPSTREAM ROLE
cleanup() {
  for n in "${!PID[@]}"; do kill -TERM "${PID[$n]}" 2>/dev/null || true; done
  for n in "${!PID[@]}"; do wait "${PID[$n]}" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then echo "(kept $WORK)"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# A port on 127.0.0.1 that nothing listens on.
used_ports=" "
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    case "$used_ports" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      used_ports="$used_ports$p "
      echo "$p"
      return
    fi
  done
}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
ctl() { local n=$1; shift; "$CTL_BIN" --addr "127.0.0.1:${ADMIN_PORT[$n]}" "$@"; }

NODES="RI 36 51 3673 3604 3603 5104"
"$ROOT/deploy/gen-certs.sh" "$WORK/certs" $NODES
for n in $NODES; do SYNC_PORT[$n]=$(free_port); ADMIN_PORT[$n]=$(free_port); done
ROLE[RI]=national; ROLE[36]=province; ROLE[51]=province
for n in 3673 3604 3603 5104; do ROLE[$n]=office; done
UPSTREAM[36]=RI; UPSTREAM[51]=RI
UPSTREAM[3673]=36; UPSTREAM[3604]=36; UPSTREAM[3603]=36; UPSTREAM[5104]=51

start() {
  local n=$1 up=()
  if [ -n "${UPSTREAM[$n]:-}" ]; then up=(--upstream "127.0.0.1:${SYNC_PORT[${UPSTREAM[$n]}]}"); fi
  "$KINERJAD" --node "$n" --role "${ROLE[$n]}" \
    --listen "127.0.0.1:${SYNC_PORT[$n]}" --admin-listen "127.0.0.1:${ADMIN_PORT[$n]}" \
    --data-dir "$WORK/data/$n" --registry "$DEMO/satker.csv" \
    --tls-cert "$WORK/certs/$n.pem" --tls-key "$WORK/certs/$n.key" --tls-ca "$WORK/certs/ca.pem" \
    --sync-interval-ms 2000 --sync-max-backoff-ms 2000 \
    "${up[@]}" 2>>"$WORK/$n.log" &
  PID[$n]=$!
  for _ in $(seq 1 100); do
    if ctl "$n" status >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "demo: kinerjad $n did not start; its log:" >&2
  cat "$WORK/$n.log" >&2
  exit 1
}

say "national (RI) starts and publishes the satker registry as reference data"
start RI
ctl RI import satker "$DEMO/satker.csv" --author "admin RI"

say "the four offices start; their provincial hubs are still down"
for n in 3673 3604 3603 5104; do start "$n"; done

say "offices import their documents offline"
for n in 3673 3604 3603 5104; do
  for kind in indikator realisasi_indikator anggaran rencana_aksi total_dokumen; do
    f="$DEMO/${n}_${kind}.csv"
    [ -f "$f" ] || continue
    printf '%-6s %-22s ' "$n" "$kind"
    ctl "$n" import "$kind" "$f" --author "operator $n"
  done
done

say "Kab. Tangerang (3603) while its hub is down: sync fails, work stays local"
ctl 3603 sync --timeout 3s || echo "(kinerjactl sync exited $?: upstream unreachable, as expected)"
ctl 3603 status

say "the hubs come up (Banten 36, Bali 51) and every tier syncs"
start 36
start 51
for n in 3673 3604 3603 5104; do printf '%-6s ' "$n"; ctl "$n" sync; done
for n in 36 51; do printf '%-6s ' "$n"; ctl "$n" sync; done
# Offices pull what their hub received from national meanwhile (the registry).
for n in 3673 3604 3603 5104; do ctl "$n" sync >/dev/null; done

say "what each tier holds"
count() { ctl "$1" ls --satker "$2" -o csv | tail -n +2 | wc -l; }
printf '%-22s' "records of satker:"; for s in RI 36 51 3673 3604 3603 5104; do printf '%7s' "$s"; done; echo
for n in RI 36 51 3673 3604 3603 5104; do
  printf '%-22s' "at $n (${ROLE[$n]})"
  for s in RI 36 51 3673 3604 3603 5104; do printf '%7s' "$(count "$n" "$s")"; done
  echo
done
echo "(an office holds its own records and the reference data above it; nothing of another office)"

say "status at each tier"
for n in RI 36 3603; do ctl "$n" status; echo; done

say "Banten (36) consolidated at its hub: rollup 2024"
ctl 36 rollup --satker 36 --tahun 2024

say "national consolidation: rollup 2024 at RI"
ctl RI rollup --satker RI --tahun 2024

say "Kabupaten Tangerang 2024 LKj, as the national tier holds it"
ctl RI report lkj --satker 3603 --tahun 2024

say "the national rollup feed (NDJSON; a subscriber resumes from its last cursor)"
ctl RI feed --since 0 > "$WORK/feed.ndjson"
head -n 2 "$WORK/feed.ndjson" | cut -c1-160
echo "... $(wc -l < "$WORK/feed.ndjson") rollup changes in all"

say "stopping every node"
