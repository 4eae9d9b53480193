#!/usr/bin/env bash
# The three-tier demo on loopback: a national node (RI), two provincial hubs (Banten 36, Bali
# 51) and four offices (3673 Kota Serang, 3604 Kab. Serang, 3603 Kab. Tangerang under Banten;
# 5104 Gianyar under Bali), each a real kinerjad with its own replica in a temporary directory
# and mutual TLS between nodes. The offices import their documents (deploy/demo/*.csv,
# transcribed from the seeds) while their hubs are still down, then the hubs come up and each
# node's background loop carries the work up (shown before and after, with the loops' log
# lines); then what each tier holds, the Banten and national rollups and the Kabupaten
# Tangerang 2024 LKj. Every process it starts is stopped, even on Ctrl-C or an error.
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
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
# Every kinerjad runs in its own session (setsid: its pid is its process group) and, where
# setpriv can ask for it, is SIGKILLed by the kernel if this script dies without cleaning up.
PDEATH=()
if setpriv --pdeathsig KILL true 2>/dev/null; then PDEATH=(setpriv --pdeathsig KILL); fi
# Stops every node on every way out: normal end, error (set -e), Ctrl-C, SIGTERM.
cleanup() {
  trap - EXIT INT TERM
  local n left
  for n in "${!PID[@]}"; do kill -TERM -- "-${PID[$n]}" 2>/dev/null || true; done
  for n in "${!PID[@]}"; do
    for left in $(seq 100); do kill -0 "${PID[$n]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-${PID[$n]}" 2>/dev/null || true
    wait "${PID[$n]}" 2>/dev/null || true
  done
  if [ "$KEEP" = 1 ]; then echo "(kept $WORK)"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "demo: interrupted" >&2; exit 130' INT
trap 'echo "demo: terminated" >&2; exit 143' TERM

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
for n in $NODES; do
  SYNC_PORT[$n]=$(free_port); ADMIN_PORT[$n]=$(free_port); HTTP_PORT[$n]=$(free_port)
done
ROLE[RI]=national; ROLE[36]=province; ROLE[51]=province
for n in 3673 3604 3603 5104; do ROLE[$n]=office; done
UPSTREAM[36]=RI; UPSTREAM[51]=RI
UPSTREAM[3673]=36; UPSTREAM[3604]=36; UPSTREAM[3603]=36; UPSTREAM[5104]=51

# Starts node $1 and waits (at most 60 s) until it logs "ready:" (both listeners up). If it
# exits or stays silent, says which node and why, with the end of its log, and exits 1.
start() {
  local n=$1
  local up=() log="$WORK/$n.log" deadline=$((SECONDS + 60)) code
  if [ -n "${UPSTREAM[$n]:-}" ]; then up=(--upstream "127.0.0.1:${SYNC_PORT[${UPSTREAM[$n]}]}"); fi
  : >"$log"
  setsid "${PDEATH[@]}" "$KINERJAD" --node "$n" --role "${ROLE[$n]}" \
    --listen "127.0.0.1:${SYNC_PORT[$n]}" --admin-listen "127.0.0.1:${ADMIN_PORT[$n]}" \
    --http-listen "127.0.0.1:${HTTP_PORT[$n]}" --data-dir "$WORK/data/$n" --registry "$DEMO/satker.csv" \
    --tls-cert "$WORK/certs/$n.pem" --tls-key "$WORK/certs/$n.key" --tls-ca "$WORK/certs/ca.pem" \
    --sync-interval-ms 2000 --sync-max-backoff-ms 2000 \
    "${up[@]}" </dev/null 2>>"$log" &
  PID[$n]=$!
  until grep -q 'ready:' "$log"; do
    if ! kill -0 "${PID[$n]}" 2>/dev/null; then
      code=0; wait "${PID[$n]}" || code=$?
      unset "PID[$n]"
      echo "demo: kinerjad $n exited with code $code before it was ready; its log ends:" >&2
      tail -n 12 "$log" | sed 's/^/  | /' >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "demo: kinerjad $n not ready after 60 s; its log ends:" >&2
      tail -n 12 "$log" | sed 's/^/  | /' >&2
      exit 1
    fi
    sleep 0.1
  done
}

# One row per node: changes held, changes waiting to go up, and the version vector (origin
# replica: highest contiguous seq held). The CSV's last fields are numbers and the vector, so
# they are read from the end (an error message earlier in the row may hold commas).
tiers() {
  local n row
  printf '%-6s %-9s %8s %8s  %s\n' node role held "wait up" "version vector (origin:seq)"
  for n in "$@"; do
    if [ -z "${PID[$n]:-}" ]; then printf '%-6s %-9s %8s\n' "$n" "${ROLE[$n]}" "(down)"; continue; fi
    row=$(ctl "$n" status -o csv | tail -n 1)
    awk -F, -v n="$n" -v r="${ROLE[$n]}" \
      '{ printf "%-6s %-9s %8s %8s  %s\n", n, r, $(NF-3), $(NF-5), $NF }' <<<"$row"
  done
}

# Waits (at most 60 s) until node $1 has nothing waiting to go up; says which node and why not.
caught_up() {
  local n=$1 deadline=$((SECONDS + 60))
  until [ "$(ctl "$n" status -o csv | tail -n 1 | awk -F, '{ print $(NF-5) }')" = 0 ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "demo: $n still has changes waiting to go up after 60 s:" >&2
      ctl "$n" status >&2
      exit 1
    fi
    sleep 0.2
  done
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

say "before the hubs come up: what each node holds and what waits to go up"
tiers RI 36 51 3673 3604 3603 5104

say "the hubs come up (Banten 36, Bali 51); every node's background upstream loop syncs"
start 36
start 51
for n in 3673 3604 3603 5104 36 51; do caught_up "$n"; done
echo "the background loops' own log lines (sent = changes pushed up, received = pulled down):"
for n in 3673 3604 3603 5104 36 51; do
  u=${UPSTREAM[$n]}
  grep -h 'sync with .*: sent' "$WORK/$n.log" |
    sed -e 's/^[^ ]* [^ ]* /  /' -e "s/127\.0\.0\.1:${SYNC_PORT[$u]}/$u/" || true
done
# Offices pull what their hub received from national meanwhile (the registry).
for n in 36 51 3673 3604 3603 5104; do ctl "$n" sync >/dev/null; done
echo "a manual sync now finds nothing left to move:"
printf '  %-6s ' 3603; ctl 3603 sync

say "after: the offline work has arrived at province and national"
tiers RI 36 51 3673 3604 3603 5104
echo "(a vector also counts seqs outside the node's scope: an office has accounted for another"
echo " office's changes without holding them; \"held\" is what its log really holds)"

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
