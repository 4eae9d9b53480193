// Checks of PEM text with OpenSSL, so that a wrong certificate, key or CA file is reported
// when a node starts, naming the file, instead of as a failed handshake later.
#ifndef KINERJA_DAEMON_TLS_PEM_H_
#define KINERJA_DAEMON_TLS_PEM_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kinerja::tls {

// The subject Common Name of the first certificate in `cert_pem`, as UTF-8. INVALID_ARGUMENT
// if there is no PEM certificate or its subject has no CN or more than one.
[[nodiscard]] absl::StatusOr<std::string> CertificateCommonName(absl::string_view cert_pem);

// OK if `key_pem` holds an unencrypted PEM private key whose public half is the one in the
// first certificate of `cert_pem`; INVALID_ARGUMENT saying which of the two is wrong
// otherwise. Encrypted keys are refused (a daemon has nobody to ask for a passphrase).
[[nodiscard]] absl::Status CheckKeyMatchesCertificate(absl::string_view key_pem,
                                                      absl::string_view cert_pem);

// Number of PEM certificates in `bundle_pem`; INVALID_ARGUMENT if none or one is malformed.
[[nodiscard]] absl::StatusOr<int> CountCertificates(absl::string_view bundle_pem);

}  // namespace kinerja::tls

#endif  // KINERJA_DAEMON_TLS_PEM_H_
