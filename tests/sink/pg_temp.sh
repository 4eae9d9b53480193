#!/usr/bin/env bash
# A throwaway PostgreSQL 15 (Debian's /usr/lib/postgresql/15) for tests and benchmarks: its
# own directory under /tmp, a free port on 127.0.0.1 and its unix socket in that directory,
# superuser `kinerja` with trust authentication (loopback only). PostgreSQL refuses to run as
# root, so as root the cluster belongs to `nobody` and every server command runs through
# runuser(1).
#
#   pg_temp.sh start            prints `dir=DIR`, `port=PORT`, `dsn=DSN` (one per line)
#   pg_temp.sh stop DIR         stops the server (fast) and removes DIR
#   pg_temp.sh restart DIR      stops (fast) and starts it again on the same port
#   pg_temp.sh kill DIR         SIGKILLs the postmaster (a crash; `restart` recovers it)
#   pg_temp.sh run CMD [ARG..]  start, run CMD with PGDSN/PGHOST/PGPORT/PGUSER/PGDATABASE set,
#                               stop and remove whatever CMD did; exits with CMD's code
#
# PG_BIN overrides the server's bin directory (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

die() { echo "pg_temp: $*" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

dsn_of() {  # DIR PORT
  echo "host=127.0.0.1 port=$2 user=kinerja dbname=postgres connect_timeout=5"
}

start() {
  [ -x "$PG_BIN/initdb" ] || die "no $PG_BIN/initdb (install the Debian package postgresql-15)"
  local dir port
  dir=$(mktemp -d /tmp/kinerja-pg.XXXXXX)
  chmod 0755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown nobody "$dir"; fi
  if ! as_owner "$PG_BIN/initdb" -D "$dir/data" -U kinerja -A trust -N --no-locale -E UTF8 \
      >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed in $dir"
  fi
  port=$(free_port)
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 20
shared_buffers = 32MB
logging_collector = off
CONF
  if ! as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
    cat "$dir/server.log" >&2; rm -rf "$dir"; die "the server did not start in $dir"
  fi
  echo "dir=$dir"
  echo "port=$port"
  echo "dsn=$(dsn_of "$dir" "$port")"
}

check_dir() {
  [ -n "${1:-}" ] && [ -f "$1/data/PG_VERSION" ] || die "not a pg_temp directory: ${1:-(none)}"
}

stop() {
  check_dir "$1"
  as_owner "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  rm -rf "$1"
}

restart() {
  check_dir "$1"
  as_owner "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  as_owner "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 start >/dev/null ||
    { tail -n 20 "$1/server.log" >&2; die "the server did not start again in $1"; }
}

kill_server() {
  check_dir "$1"
  local pid
  pid=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null) || die "no server running in $1"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

run() {
  [ $# -ge 1 ] || die "run needs a command"
  local out port
  out=$(start)
  RUN_DIR=$(sed -n 's/^dir=//p' <<<"$out")
  port=$(sed -n 's/^port=//p' <<<"$out")
  trap 'stop "$RUN_DIR"' EXIT
  trap 'exit 130' INT TERM
  local code=0
  PGDSN=$(dsn_of "$RUN_DIR" "$port") PGHOST=127.0.0.1 PGPORT=$port PGUSER=kinerja \
    PGDATABASE=postgres PG_TEMP_DIR=$RUN_DIR "$@" || code=$?
  return "$code"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  restart) restart "${2:-}" ;;
  kill) kill_server "${2:-}" ;;
  run) shift; run "$@" ;;
  *) echo "usage: pg_temp.sh start | stop DIR | restart DIR | kill DIR | run CMD [ARG...]" >&2; exit 2 ;;
esac
