#!/usr/bin/env bash
# Makes what deploy/compose/compose.yaml mounts and is not in the repository: the demo
# certificates (SAN = the service names peers dial) and the PostgreSQL password, once.
set -euo pipefail
cd "$(dirname "$0")"
./make-certs.sh certs RI=national 36=hub-36 3673=office-3673 3604=office-3604 3603=office-3603
# The containers run as uid 10001: give it the keys (as root), or make them readable (demo).
if [ "$(id -u)" -eq 0 ]; then chown 10001 certs/*.key; else chmod 0644 certs/*.key; fi
mkdir -p secrets
if [ ! -s secrets/pg_password ]; then
  umask 077
  openssl rand -hex 16 >secrets/pg_password
  printf 'PGPASSWORD=%s\n' "$(cat secrets/pg_password)" >secrets/sink.env
fi
echo "prepare: certs/ and secrets/ ready; now: docker compose -f deploy/compose/compose.yaml up -d --build"
