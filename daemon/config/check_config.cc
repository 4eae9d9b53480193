#include "daemon/config/check_config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/auth/users_file.h"
#include "daemon/codec/parse_import.h"
#include "daemon/tls/pem.h"

namespace kinerja::config {
namespace {

absl::Status Problem(absl::string_view flag, absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(flag, ": ", path, ": ", what));
}

// The file's content, or the problem naming `flag` and `path`.
absl::StatusOr<std::string> Read(absl::string_view flag, const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return Problem(flag, path, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return Problem(flag, path, "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Problem(flag, path, std::strerror(errno == 0 ? EACCES : errno));
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::Status CheckTls(const v1::NodeConfig& config) {
  if (config.insecure()) return absl::OkStatus();
  const v1::TlsConfig& tls = config.tls();
  absl::StatusOr<std::string> cert = Read("--tls-cert", tls.cert());
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> cn = tls::CertificateCommonName(*cert);
  if (!cn.ok()) return Problem("--tls-cert", tls.cert(), cn.status().message());
  if (*cn != config.node()) {
    return Problem("--tls-cert", tls.cert(),
                   absl::StrCat("names satker ", *cn, ", but --node is ", config.node()));
  }
  absl::StatusOr<std::string> key = Read("--tls-key", tls.key());
  if (!key.ok()) return key.status();
  // The message says which file is wrong, never what the key holds.
  if (absl::Status st = tls::CheckKeyMatchesCertificate(*key, *cert); !st.ok()) {
    return Problem("--tls-key", tls.key(), st.message());
  }
  absl::StatusOr<std::string> ca = Read("--tls-ca", tls.ca());
  if (!ca.ok()) return ca.status();
  if (absl::StatusOr<int> n = tls::CountCertificates(*ca); !n.ok()) {
    return Problem("--tls-ca", tls.ca(), n.status().message());
  }
  if (!tls.crl_dir().empty()) {
    struct stat st;
    if (stat(tls.crl_dir().c_str(), &st) != 0) {
      return Problem("--tls-crl-dir", tls.crl_dir(), std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) return Problem("--tls-crl-dir", tls.crl_dir(), "not a directory");
    if (access(tls.crl_dir().c_str(), R_OK | X_OK) != 0) {
      return Problem("--tls-crl-dir", tls.crl_dir(), std::strerror(errno));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRegistry(const v1::NodeConfig& config) {
  absl::StatusOr<std::string> content = Read("--registry", config.registry());
  if (!content.ok()) return content.status();
  auto rows = codec::ParseImport(v1::FILE_KIND_SATKER, config.registry(), *content);
  if (!rows.ok()) return Problem("--registry", config.registry(), rows.status().message());
  for (const auto& row : *rows) {
    if (row.record.satker().kode() == config.node()) return absl::OkStatus();
  }
  return Problem("--registry", config.registry(),
                 absl::StrCat("does not name this node's satker ", config.node()));
}

absl::Status CheckDataDir(const v1::NodeConfig& config) {
  const std::string& dir = config.data_dir();
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return Problem("--data-dir", dir, "not a directory");
    if (access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
      return Problem("--data-dir", dir, std::strerror(errno));
    }
    return absl::OkStatus();
  }
  if (errno != ENOENT) return Problem("--data-dir", dir, std::strerror(errno));
  // Absent: the node creates it, so its parent must be a writable directory.
  std::string parent = dir;
  while (parent.size() > 1 && parent.back() == '/') parent.pop_back();
  const size_t slash = parent.rfind('/');
  parent = slash == std::string::npos ? "." : slash == 0 ? "/" : parent.substr(0, slash);
  if (stat(parent.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Problem("--data-dir", dir, absl::StrCat("absent, and its parent ", parent,
                                                   " is not a directory"));
  }
  if (access(parent.c_str(), W_OK | X_OK) != 0) {
    return Problem("--data-dir", dir,
                   absl::StrCat("absent, and its parent ", parent, " is not writable"));
  }
  return absl::OkStatus();
}

absl::Status CheckHttpUsers(const v1::NodeConfig& config) {
  if (config.http_users().empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<auth::ConsoleUser>> users = auth::ReadUsersFile(config.http_users());
  // ReadUsersFile's message names the path: "<path>: line 3: role must be ...".
  if (!users.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--http-users: ", users.status().message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckNodeConfigFiles(const v1::NodeConfig& config) {
  using Check = absl::Status (*)(const v1::NodeConfig&);
  for (Check check : {CheckTls, CheckRegistry, CheckDataDir, CheckHttpUsers}) {
    if (absl::Status status = check(config); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace kinerja::config
