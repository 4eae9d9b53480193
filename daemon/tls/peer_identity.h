// Who is on the other end of a call: the satker code a peer proves with its certificate's
// subject CN (DESIGN.md, "Identity"), or, only on an insecure loopback server, the one it
// claims in a header. Authorisation (DESIGN.md, "Authorisation") starts from this.
#ifndef KINERJA_DAEMON_TLS_PEER_IDENTITY_H_
#define KINERJA_DAEMON_TLS_PEER_IDENTITY_H_

#include <grpcpp/security/auth_context.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/string_ref.h>

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace kinerja::tls {

// Client metadata header naming the calling node in insecure mode. A client running with
// --insecure adds it to every call: context.AddMetadata(kNodeMetadataKey, node).
inline constexpr char kNodeMetadataKey[] = "x-kinerja-node";

// The satker of a peer authenticated by mutual TLS: the subject CN of its certificate, from
// the auth context property GRPC_X509_CN_PROPERTY_NAME ("x509_common_name"). Never the SAN,
// which names a host.
// REQUIRES: the server listens with MakeServerCredentials, so that the certificate has been
// verified against the CA before any call arrives.
// UNAUTHENTICATED if the peer is not authenticated (e.g. an insecure server), has no CN or
// more than one, or its CN is not a satker code (letters and digits). gRPC reports only the
// first CN, so the certificate itself (GRPC_X509_PEM_CERT_PROPERTY_NAME) is read to count them.
[[nodiscard]] absl::StatusOr<std::string> PeerSatker(const grpc::AuthContext& auth_context);

// The satker a client claims in the kNodeMetadataKey header. Anyone who can connect can claim
// any satker this way, so this is trusted ONLY when the server listens insecurely on a
// loopback address (NodeConfig.insecure, which config validation refuses elsewhere): then
// every client is a process on the same machine.
// UNAUTHENTICATED if the header is absent, repeated or not a satker code.
[[nodiscard]] absl::StatusOr<std::string> PeerSatkerInsecure(
    const std::multimap<grpc::string_ref, grpc::string_ref>& client_metadata);

// How a server learns who its peers are; fixed by how it listens.
enum class PeerTrust {
  kCertificate,       // Mutual TLS (MakeServerCredentials): PeerSatker.
  kInsecureLoopback,  // Insecure on loopback only: PeerSatkerInsecure.
};

// The calling peer's satker, found the way `trust` says. For service adapters, which know
// how their server listens. Errors as for PeerSatker and PeerSatkerInsecure.
[[nodiscard]] absl::StatusOr<std::string> PeerSatkerOf(const grpc::ServerContextBase& context,
                                                       PeerTrust trust);

}  // namespace kinerja::tls

#endif  // KINERJA_DAEMON_TLS_PEER_IDENTITY_H_
