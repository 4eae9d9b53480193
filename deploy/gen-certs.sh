#!/usr/bin/env bash
# Demo certificates for Kinerja's mutual TLS: one CA and, per node, a key and a certificate
# whose subject CN is the node's satker code (DESIGN.md "Identity": a peer is its CN, never its
# SAN). For demos and tests only; a real deployment issues certificates from its own CA.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: gen-certs.sh OUTDIR NODE [NODE...]

Creates in OUTDIR, unless already present and valid:
  ca.pem, ca.key         a demo certificate authority (EC P-256, 3650 days)
  NODE.pem, NODE.key     for each NODE (a satker code such as RI, 36 or 3604) a certificate
                         signed by the CA: subject CN=NODE, SAN DNS:localhost and
                         IP:127.0.0.1, extended key usage serverAuth and clientAuth,
                         EC P-256 key, valid 825 days

A node certificate is reissued when it is missing, expired, not signed by ca.pem, not for
NODE.key or not for CN=NODE; keys are never replaced. Prints nothing on success.

Example:
  deploy/gen-certs.sh /tmp/kinerja-certs RI 36 3604
  kinerjad --node 3604 --tls-cert /tmp/kinerja-certs/3604.pem \
    --tls-key /tmp/kinerja-certs/3604.key --tls-ca /tmp/kinerja-certs/ca.pem ...
EOF
}

die() {
  echo "gen-certs.sh: $*" >&2
  exit 1
}

# Runs a command quietly; on failure shows what it printed and stops.
quiet() {
  local out
  if ! out=$("$@" 2>&1); then
    echo "gen-certs.sh: failed: $*" >&2
    echo "$out" >&2
    exit 1
  fi
}

# Writes a new EC P-256 private key to $1, readable by its owner only.
new_key() {
  local tmp="$1.tmp.$$"
  (umask 077 && quiet openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -pkeyopt ec_param_enc:named_curve -out "$tmp")
  mv -f "$tmp" "$1"
}

# Whether certificate $1 carries the public key of private key $2.
cert_matches_key() {
  local cert_pub key_pub
  cert_pub=$(openssl x509 -in "$1" -noout -pubkey 2>/dev/null) || return 1
  key_pub=$(openssl pkey -in "$2" -pubout 2>/dev/null) || return 1
  [[ "$cert_pub" == "$key_pub" ]]
}

# Issues the self-signed CA certificate for ca.key.
issue_ca() {
  cat >"$work/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
O = Kinerja demo
CN = Kinerja demo CA
[v3_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
  quiet openssl req -new -x509 -config "$work/ca.cnf" -key "$ca_key" -sha256 -days 3650 \
    -set_serial "0x$(openssl rand -hex 15)" -out "$work/ca.pem"
  mv -f "$work/ca.pem" "$ca_pem"
}

# Whether $outdir/$1.pem is a current certificate for CN=$1 and $1.key signed by ca.pem.
node_cert_ok() {
  local pem="$outdir/$1.pem" key="$outdir/$1.key" subject
  [[ -s "$pem" ]] || return 1
  openssl verify -CAfile "$ca_pem" -purpose sslserver "$pem" >/dev/null 2>&1 || return 1
  openssl verify -CAfile "$ca_pem" -purpose sslclient "$pem" >/dev/null 2>&1 || return 1
  cert_matches_key "$pem" "$key" || return 1
  subject=$(openssl x509 -in "$pem" -noout -subject -nameopt RFC2253 2>/dev/null) || return 1
  [[ "$subject" == "subject=CN=$1" ]]
}

# Issues $outdir/$1.pem for CN=$1 over $1.key, signed by the CA.
issue_node() {
  local node="$1"
  cat >"$work/node.ext" <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  printf '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = %s\n' "$node" >"$work/node.cnf"
  quiet openssl req -new -config "$work/node.cnf" -key "$outdir/$node.key" -sha256 \
    -out "$work/$node.csr"
  quiet openssl x509 -req -in "$work/$node.csr" -CA "$ca_pem" -CAkey "$ca_key" -sha256 \
    -days 825 -set_serial "0x$(openssl rand -hex 15)" -extfile "$work/node.ext" \
    -out "$work/$node.pem"
  mv -f "$work/$node.pem" "$outdir/$node.pem"
}

if [[ $# -ge 1 && ( "$1" == "-h" || "$1" == "--help" ) ]]; then
  usage
  exit 0
fi
if [[ $# -lt 2 ]]; then
  usage >&2
  exit 2
fi
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"

outdir="$1"
shift
for node in "$@"; do
  # A satker code is letters and digits; anything else would reach a file name and a subject.
  [[ "$node" =~ ^[A-Za-z0-9]+$ ]] || die "NODE must be a satker code like 3604, got \"$node\""
done

mkdir -p "$outdir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ca_pem="$outdir/ca.pem"
ca_key="$outdir/ca.key"

if [[ ! -s "$ca_key" ]]; then
  [[ ! -s "$ca_pem" ]] || die "$ca_pem exists without ca.key; remove it to start a new CA"
  new_key "$ca_key"
fi
if [[ ! -s "$ca_pem" ]]; then
  issue_ca
fi
cert_matches_key "$ca_pem" "$ca_key" || die "$ca_pem is not the certificate of $ca_key"

for node in "$@"; do
  [[ -s "$outdir/$node.key" ]] || new_key "$outdir/$node.key"
  node_cert_ok "$node" || issue_node "$node"
done
