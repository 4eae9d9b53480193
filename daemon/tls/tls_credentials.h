// gRPC credentials for the links between kinerjad nodes: mutual TLS, where each node presents
// a certificate whose subject CN is its satker code and accepts only peers whose certificates
// chain to the configured CA (DESIGN.md, "Identity"). deploy/gen-certs.sh makes demo files.
#ifndef KINERJA_DAEMON_TLS_TLS_CREDENTIALS_H_
#define KINERJA_DAEMON_TLS_TLS_CREDENTIALS_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace kinerja::tls {

// Paths of a node's PEM files (NodeConfig.tls), used as given (relative paths against the
// working directory).
struct TlsFiles {
  std::string cert;  // Certificate (chain, leaf first) whose subject CN is the node's satker.
  std::string key;   // Unencrypted private key of `cert`.
  std::string ca;    // CA bundle that peers' certificates must chain to.
  // Directory of CRLs in OpenSSL's hashed layout (HASH.r0, HASH.r1, ...: `openssl rehash`).
  // A peer whose certificate a CRL there revokes fails the handshake. A CRL file added while
  // the node runs applies from the next handshake. Empty: no revocation check. Default: "".
  std::string crl_dir;
  // How often cert, key and ca are read again from disk, so that renewed certificates and a
  // new CA bundle apply without a restart. Default: 60 s.
  unsigned reload_interval_seconds = 60;
};

// The contents of a node's TLS files, read and checked against each other.
struct TlsIdentity {
  std::string cert_pem;
  std::string key_pem;
  std::string ca_pem;
  std::string satker;  // Subject CN of the certificate: the satker this node proves to be.
};

// Reads the three files and checks that the certificate has exactly one subject CN, that the
// key is its unencrypted private key and that the CA file holds at least one certificate.
// The caller should compare `satker` with the configured node: a mismatch means peers would
// see this node as another satker.
// Errors name the file: NOT_FOUND "tls: cannot read cert \"x.pem\": No such file or
// directory"; INVALID_ARGUMENT "tls: ca \"ca.pem\": no PEM certificate in it".
[[nodiscard]] absl::StatusOr<TlsIdentity> LoadTlsIdentity(const TlsFiles& files);

// Credentials for a server that presents `files.cert` and requires every client to present a
// certificate that chains to `files.ca`, within its validity dates and not revoked by a CRL in
// `files.crl_dir`; any other client (none, another CA, expired, revoked) fails the handshake
// before any call reaches a service. Calls that do reach a service carry the client's satker
// in their auth context (see PeerSatker). The files are read again every
// `files.reload_interval_seconds` (gRPC's FileWatcherCertificateProvider): new connections use
// the new ones. Errors as for LoadTlsIdentity, and NOT_FOUND "tls: crl_dir \"d\": ..." when
// `files.crl_dir` is set but not a readable directory.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files);

// Credentials for a channel to another node: presents `files.cert` as the client certificate
// and accepts a server only if its certificate chains to `files.ca` and its SAN matches the
// host dialled (the demo certificates name localhost and 127.0.0.1), is within its validity
// dates and is not revoked by a CRL in `files.crl_dir`. Files are reloaded as for
// MakeServerCredentials. Errors as for MakeServerCredentials.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const TlsFiles& files);

}  // namespace kinerja::tls

#endif  // KINERJA_DAEMON_TLS_TLS_CREDENTIALS_H_
