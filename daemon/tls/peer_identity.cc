#include "daemon/tls/peer_identity.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/string_ref.h>

#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "daemon/tls/pem.h"

namespace kinerja::tls {
namespace {

absl::string_view View(const grpc::string_ref& ref) {
  return absl::string_view(ref.data(), ref.size());
}

// Satker codes are letters and digits ("RI", "36", "3604"); anything else is refused rather
// than carried into keys, logs and authorisation decisions.
bool IsSatkerCode(absl::string_view code) {
  if (code.empty()) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Cuts a claimed identity short for an error message: a peer chooses it.
std::string Quoted(absl::string_view claimed) {
  constexpr size_t kMaxShown = 40;
  if (claimed.size() > kMaxShown) return absl::StrCat("\"", claimed.substr(0, kMaxShown), "...\"");
  return absl::StrCat("\"", claimed, "\"");
}

}  // namespace

absl::StatusOr<std::string> PeerSatker(const grpc::AuthContext& auth_context) {
  if (!auth_context.IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("peer is not authenticated by a TLS certificate");
  }
  std::vector<grpc::string_ref> names = auth_context.FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME);
  if (names.empty()) {
    return absl::UnauthenticatedError("peer certificate has no subject CN");
  }
  if (names.size() > 1) {
    return absl::UnauthenticatedError("peer certificate has more than one subject CN");
  }
  absl::string_view name = View(names.front());
  if (!IsSatkerCode(name)) {
    return absl::UnauthenticatedError(
        absl::StrCat("peer certificate CN ", Quoted(name), " is not a satker code"));
  }
  // gRPC reports only the first CN of the subject; a certificate with a second one would
  // authenticate as the first. Count them in the certificate itself.
  std::vector<grpc::string_ref> certs =
      auth_context.FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME);
  if (certs.size() != 1) {
    return absl::UnauthenticatedError("peer certificate is not in the auth context");
  }
  absl::StatusOr<std::string> subject_cn = CertificateCommonName(View(certs.front()));
  if (!subject_cn.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("peer certificate refused: ", subject_cn.status().message()));
  }
  if (*subject_cn != name) {
    return absl::UnauthenticatedError(absl::StrCat("peer certificate CN ", Quoted(*subject_cn),
                                                   " is not the reported ", Quoted(name)));
  }
  return std::string(name);
}

absl::StatusOr<std::string> PeerSatkerInsecure(
    const std::multimap<grpc::string_ref, grpc::string_ref>& client_metadata) {
  auto [first, last] = client_metadata.equal_range(kNodeMetadataKey);
  if (first == last) {
    return absl::UnauthenticatedError(
        absl::StrCat("insecure call without the ", kNodeMetadataKey, " header"));
  }
  if (std::next(first) != last) {
    return absl::UnauthenticatedError(
        absl::StrCat("insecure call with more than one ", kNodeMetadataKey, " header"));
  }
  absl::string_view name = View(first->second);
  if (!IsSatkerCode(name)) {
    return absl::UnauthenticatedError(
        absl::StrCat(kNodeMetadataKey, " header ", Quoted(name), " is not a satker code"));
  }
  return std::string(name);
}

absl::StatusOr<std::string> PeerSatkerOf(const grpc::ServerContextBase& context, PeerTrust trust) {
  switch (trust) {
    case PeerTrust::kCertificate: {
      std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
      if (auth == nullptr) return absl::UnauthenticatedError("call has no auth context");
      return PeerSatker(*auth);
    }
    case PeerTrust::kInsecureLoopback:
      return PeerSatkerInsecure(context.client_metadata());
  }
  return absl::InternalError("unknown PeerTrust");
}

}  // namespace kinerja::tls
