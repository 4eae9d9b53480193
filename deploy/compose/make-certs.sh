#!/usr/bin/env bash
# Certificates for Kinerja nodes that dial each other by service name (containers, cluster
# Services): like deploy/gen-certs.sh (a CA, and per node a key and a certificate whose
# subject CN is the node's satker code), but the SAN also names the host names peers dial,
# since a node accepts its upstream only if the SAN matches the host it dialled.
#
#   make-certs.sh OUTDIR NODE=HOST[,HOST...] ...
#   make-certs.sh deploy/compose/certs RI=national 36=hub-36 3673=office-3673
#
# Creates OUTDIR/ca.pem and ca.key once (kept when present) and NODE.pem and NODE.key for each
# NODE (issued again each run; keys kept). Every certificate also names localhost and
# 127.0.0.1. For demos and tests; a real deployment issues certificates from its own CA.
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,13p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
out=$1; shift
mkdir -p "$out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
quiet() { "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }; }

if [ ! -s "$out/ca.pem" ] || [ ! -s "$out/ca.key" ]; then
  quiet openssl ecparam -name prime256v1 -genkey -noout -out "$out/ca.key"
  quiet openssl req -x509 -new -key "$out/ca.key" -sha256 -days 3650 \
    -subj "/CN=Kinerja demo CA" -out "$out/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
fi
for spec in "$@"; do
  node=${spec%%=*}
  hosts=${spec#*=}
  [ -n "$node" ] && [ "$node" != "$spec" ] || { echo "make-certs.sh: expected NODE=HOST, got $spec" >&2; exit 2; }
  san="DNS:localhost,IP:127.0.0.1"
  IFS=, read -ra names <<<"$hosts"
  for h in "${names[@]}"; do [ -n "$h" ] && san="$san,DNS:$h"; done
  [ -s "$out/$node.key" ] || quiet openssl ecparam -name prime256v1 -genkey -noout -out "$out/$node.key"
  cat >"$work/ext" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
  quiet openssl req -new -key "$out/$node.key" -subj "/CN=$node" -sha256 -out "$work/csr"
  quiet openssl x509 -req -in "$work/csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" -sha256 \
    -days 825 -set_serial "0x$(openssl rand -hex 15)" -extfile "$work/ext" -out "$out/$node.pem"
done
chmod 0644 "$out"/*.pem
chmod 0600 "$out"/*.key
