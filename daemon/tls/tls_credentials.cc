#include "daemon/tls/tls_credentials.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

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
  absl::StatusOr<TlsIdentity> identity = LoadTlsIdentity(files);
  if (!identity.ok()) return identity.status();
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = identity->ca_pem;
  options.pem_key_cert_pairs.push_back({identity->key_pem, identity->cert_pem});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const TlsFiles& files) {
  absl::StatusOr<TlsIdentity> identity = LoadTlsIdentity(files);
  if (!identity.ok()) return identity.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = identity->ca_pem;
  options.pem_private_key = identity->key_pem;
  options.pem_cert_chain = identity->cert_pem;
  return grpc::SslCredentials(options);
}

}  // namespace kinerja::tls
