#include "daemon/tls/tls_credentials.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "daemon/tls/pem.h"

namespace kinerja::tls {
namespace {

// Reads the whole file at `path`, `what` naming its role ("cert", "key", "ca") in errors.
absl::StatusOr<std::string> ReadPemFile(absl::string_view what, const std::string& path) {
  if (path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("tls: ", what, ": no file given"));
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("tls: cannot read ", what, " \"", path, "\": ", std::strerror(errno)));
  }
  std::string content;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) content.append(buffer, n);
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) {
    return absl::NotFoundError(absl::StrCat("tls: cannot read ", what, " \"", path, "\""));
  }
  return content;
}

absl::Status InFile(absl::string_view what, const std::string& path, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat("tls: ", what, " \"", path, "\": ", s.message()));
}

// NOT_FOUND unless `dir` is a directory this process can read.
absl::Status CheckCrlDir(const std::string& dir) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) {
    return absl::NotFoundError(
        absl::StrCat("tls: crl_dir \"", dir, "\": ", std::strerror(errno)));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::NotFoundError(absl::StrCat("tls: crl_dir \"", dir, "\": not a directory"));
  }
  return absl::OkStatus();
}

// Checks the files (LoadTlsIdentity, CheckCrlDir) and sets up `options` to watch them: the
// identity and roots come from a provider that re-reads the files, and CRLs from crl_dir.
absl::Status Configure(const TlsFiles& files, grpc::experimental::TlsCredentialsOptions* options) {
  absl::StatusOr<TlsIdentity> identity = LoadTlsIdentity(files);
  if (!identity.ok()) return identity.status();
  if (!files.crl_dir.empty()) {
    if (absl::Status s = CheckCrlDir(files.crl_dir); !s.ok()) return s;
    options->set_crl_directory(files.crl_dir);
  }
  options->set_certificate_provider(
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          files.key, files.cert, files.ca, files.reload_interval_seconds));
  options->watch_root_certs();
  options->watch_identity_key_cert_pairs();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TlsIdentity> LoadTlsIdentity(const TlsFiles& files) {
  absl::StatusOr<std::string> cert = ReadPemFile("cert", files.cert);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPemFile("key", files.key);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> ca = ReadPemFile("ca", files.ca);
  if (!ca.ok()) return ca.status();

  absl::StatusOr<std::string> satker = CertificateCommonName(*cert);
  if (!satker.ok()) return InFile("cert", files.cert, satker.status());
  if (absl::Status s = CheckKeyMatchesCertificate(*key, *cert); !s.ok()) {
    absl::Status in_file = InFile("key", files.key, s);
    return absl::Status(in_file.code(),
                        absl::StrCat(in_file.message(), " (cert \"", files.cert, "\")"));
  }
  if (absl::StatusOr<int> count = CountCertificates(*ca); !count.ok()) {
    return InFile("ca", files.ca, count.status());
  }
  TlsIdentity identity;
  identity.cert_pem = *std::move(cert);
  identity.key_pem = *std::move(key);
  identity.ca_pem = *std::move(ca);
  identity.satker = *std::move(satker);
  return identity;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files) {
  // The provider is set by Configure; the constructor only wants one to start with.
  grpc::experimental::TlsServerCredentialsOptions options(nullptr);
  if (absl::Status s = Configure(files, &options); !s.ok()) return s;
  options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  return grpc::experimental::TlsServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const TlsFiles& files) {
  grpc::experimental::TlsChannelCredentialsOptions options;
  if (absl::Status s = Configure(files, &options); !s.ok()) return s;
  options.set_verify_server_certs(true);
  options.set_certificate_verifier(
      std::make_shared<grpc::experimental::HostNameCertificateVerifier>());
  return grpc::experimental::TlsCredentials(options);
}

}  // namespace kinerja::tls
