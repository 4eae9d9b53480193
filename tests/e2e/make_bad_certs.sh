#!/usr/bin/env bash
# Certificates a node must refuse, for the authorisation and TLS tests, made next to the demo
# CA of deploy/gen-certs.sh in DIR (DIR/ca.pem, DIR/ca.key must exist):
#   expired.{pem,key}   CN=3604 signed by the CA, valid only in January 2020
#   revoked.{pem,key}   CN=3604 signed by the CA, revoked by revoked.crl.pem
#   unknown.{pem,key}   CN=9999: signed by the CA, but no satker of the registry
#   twocn.{pem,key}     subject CN=3604 and CN=3603: names two satker
#   otherca/ca.{pem,key}, otherca/3604.{pem,key}  another CA and its CN=3604
#   crl/                a CRL directory in OpenSSL's hashed layout holding the CA's CRL that
#                       revokes nothing (HASH.r0, dated 2020, so any later CRL supersedes it)
#   revoked.crl.pem     the CA's CRL revoking revoked.pem; copy it to crl/HASH.r1 (HASH from
#                       crl_hash.txt) to revoke while a node runs, or use crl-revoked/ from start
#   crl-revoked/        a CRL directory holding only revoked.crl.pem
# Usage: make_bad_certs.sh DIR
set -euo pipefail
dir="$1"
cd "$dir"
[[ -s ca.pem && -s ca.key ]] || { echo "make_bad_certs.sh: no CA in $dir" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
cat >"$work/node.ext" <<'X'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
X
# A minimal `openssl ca` setup: it alone sets past dates and keeps the index a CRL is made from.
mkdir -p "$work/ca"
: >"$work/ca/index.txt"
echo 1000 >"$work/ca/serial"
cat >"$work/ca.cnf" <<X
[ca]
default_ca = demo
[demo]
dir = $work/ca
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
default_days = 30
default_crl_days = 3650
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
X
# issue NAME SUBJECT [openssl ca options...]
issue() {
  local name="$1" subject="$2"
  shift 2
  key "$name.key"
  openssl req -new -key "$name.key" -subj "$subject" -out "$work/$name.csr" 2>/dev/null
  openssl ca -batch -config "$work/ca.cnf" -in "$work/$name.csr" -out "$name.pem" \
    -extfile "$work/node.ext" -notext "$@" 2>/dev/null
}
issue expired /CN=3604 -startdate 20200101000000Z -enddate 20200201000000Z
issue unknown /CN=9999
issue twocn /CN=3604/CN=3603 -multivalue-rdn 2>/dev/null || issue twocn /CN=3604/CN=3603
issue revoked /CN=3604

# The empty CRL first (dated 2020), then revoke.
openssl ca -batch -config "$work/ca.cnf" -gencrl -crl_lastupdate 20200101000000Z \
  -out "$work/empty.crl.pem" 2>/dev/null
openssl ca -batch -config "$work/ca.cnf" -revoke revoked.pem 2>/dev/null
openssl ca -batch -config "$work/ca.cnf" -gencrl -out revoked.crl.pem 2>/dev/null
hash=$(openssl crl -in revoked.crl.pem -noout -hash)
echo "$hash" >crl_hash.txt
mkdir -p crl crl-revoked
cp "$work/empty.crl.pem" "crl/$hash.r0"
cp revoked.crl.pem "crl-revoked/$hash.r0"

# Another CA, and its certificate for CN=3604.
mkdir -p otherca
key otherca/ca.key
openssl req -new -x509 -key otherca/ca.key -subj "/CN=Other CA" -days 30 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out otherca/ca.pem 2>/dev/null
key otherca/3604.key
openssl req -new -key otherca/3604.key -subj /CN=3604 -out "$work/o.csr" 2>/dev/null
openssl x509 -req -in "$work/o.csr" -CA otherca/ca.pem -CAkey otherca/ca.key -set_serial 7 \
  -days 30 -extfile "$work/node.ext" -out otherca/3604.pem 2>/dev/null
