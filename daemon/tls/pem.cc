#include "daemon/tls/pem.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace kinerja::tls {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Leaves OpenSSL's per-thread error queue empty on every exit, so that a failure seen here is
// never reported later by an unrelated call (gRPC's handshakes share the queue).
class ErrorQueueGuard {
 public:
  ErrorQueueGuard() { ERR_clear_error(); }
  ~ErrorQueueGuard() { ERR_clear_error(); }
  ErrorQueueGuard(const ErrorQueueGuard&) = delete;
  ErrorQueueGuard& operator=(const ErrorQueueGuard&) = delete;
};

// Refuses any passphrase prompt: PEM reading must never block on the terminal.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return -1; }

BioPtr ReadOnlyBio(absl::string_view pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

X509Ptr ReadCertificate(BIO* bio) {
  return X509Ptr(PEM_read_bio_X509(bio, nullptr, NoPassphrase, nullptr));
}

// Whether the last failed PEM read stopped because no further PEM block exists.
bool ReachedEndOfPem() {
  unsigned long err = ERR_peek_last_error();
  return ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

X509Ptr FirstCertificate(absl::string_view cert_pem) {
  BioPtr bio = ReadOnlyBio(cert_pem);
  if (bio == nullptr) return nullptr;
  return ReadCertificate(bio.get());
}

}  // namespace

absl::StatusOr<std::string> CertificateCommonName(absl::string_view cert_pem) {
  ErrorQueueGuard guard;
  X509Ptr cert = FirstCertificate(cert_pem);
  if (cert == nullptr) return absl::InvalidArgumentError("no PEM certificate in it");
  X509_NAME* subject = X509_get_subject_name(cert.get());
  int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) return absl::InvalidArgumentError("certificate subject has no CN");
  if (X509_NAME_get_index_by_NID(subject, NID_commonName, index) >= 0) {
    return absl::InvalidArgumentError("certificate subject has more than one CN");
  }
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return absl::InvalidArgumentError("certificate CN is not valid text");
  std::string common_name(reinterpret_cast<const char*>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  return common_name;
}

absl::Status CheckKeyMatchesCertificate(absl::string_view key_pem, absl::string_view cert_pem) {
  ErrorQueueGuard guard;
  X509Ptr cert = FirstCertificate(cert_pem);
  if (cert == nullptr)
    return absl::InvalidArgumentError("no PEM certificate in the certificate file");
  BioPtr bio = ReadOnlyBio(key_pem);
  PkeyPtr key(bio == nullptr ? nullptr
                             : PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        "no unencrypted PEM private key in the key file (encrypted keys are not supported)");
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return absl::InvalidArgumentError("the key is not the private key of the certificate");
  }
  return absl::OkStatus();
}

absl::StatusOr<int> CountCertificates(absl::string_view bundle_pem) {
  ErrorQueueGuard guard;
  BioPtr bio = ReadOnlyBio(bundle_pem);
  if (bio == nullptr) return absl::ResourceExhaustedError("cannot allocate an OpenSSL buffer");
  int count = 0;
  while (ReadCertificate(bio.get()) != nullptr) ++count;
  if (!ReachedEndOfPem()) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificate ", count + 1, " of the bundle is malformed"));
  }
  if (count == 0) return absl::InvalidArgumentError("no PEM certificate in it");
  return count;
}

}  // namespace kinerja::tls
