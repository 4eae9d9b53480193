#include "daemon/tls/tls_credentials.h"

#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/tls/tls_test_support.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::tls {
namespace {

using ::kinerja::tls::testing::FilesFor;
using ::kinerja::tls::testing::GenerateCerts;
using ::testing::HasSubstr;

class TlsCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(GenerateCerts(temp_.path(), {"3604", "RI"})); }

  std::string WriteFile(const std::string& name, const std::string& content) {
    std::string path = temp_.Sub(name);
    std::ofstream(path) << content;
    return path;
  }

  kinerja::testing::TempDir temp_;
};

TEST_F(TlsCredentialsTest, IdentityIsTheCertificateCommonName) {
  absl::StatusOr<TlsIdentity> identity = LoadTlsIdentity(FilesFor(temp_.path(), "3604"));
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->satker, "3604");
  EXPECT_THAT(identity->cert_pem, HasSubstr("BEGIN CERTIFICATE"));
  EXPECT_THAT(identity->ca_pem, HasSubstr("BEGIN CERTIFICATE"));
}

TEST_F(TlsCredentialsTest, BothCredentialsAreMadeFromValidFiles) {
  EXPECT_TRUE(MakeServerCredentials(FilesFor(temp_.path(), "RI")).ok());
  EXPECT_TRUE(MakeChannelCredentials(FilesFor(temp_.path(), "RI")).ok());
}

TEST_F(TlsCredentialsTest, CrlDirMustBeAReadableDirectory) {
  TlsFiles files = FilesFor(temp_.path(), "3604");
  files.crl_dir = temp_.path();  // A directory: accepted (its CRLs are read at handshakes).
  EXPECT_TRUE(MakeServerCredentials(files).ok());
  EXPECT_TRUE(MakeChannelCredentials(files).ok());
  for (const std::string& bad : {temp_.Sub("absent"), files.cert}) {
    files.crl_dir = bad;
    for (const absl::Status& status :
         {MakeServerCredentials(files).status(), MakeChannelCredentials(files).status()}) {
      EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
      EXPECT_THAT(status.message(), HasSubstr("tls: crl_dir \"" + bad + "\""));
    }
  }
}

TEST_F(TlsCredentialsTest, MissingFileIsNamed) {
  TlsFiles files = FilesFor(temp_.path(), "3604");
  files.key = temp_.Sub("absent.key");
  for (const absl::Status& status :
       {LoadTlsIdentity(files).status(), MakeServerCredentials(files).status(),
        MakeChannelCredentials(files).status()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(status.message(), HasSubstr("tls: cannot read key \"" + files.key + "\""));
  }
}

TEST_F(TlsCredentialsTest, EmptyPathIsRefused) {
  TlsFiles files = FilesFor(temp_.path(), "3604");
  files.ca.clear();
  absl::Status status = LoadTlsIdentity(files).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("tls: ca: no file given"));
}

TEST_F(TlsCredentialsTest, CertificateThatIsNotPemIsNamed) {
  TlsFiles files = FilesFor(temp_.path(), "3604");
  files.cert = WriteFile("garbage.pem", "not a certificate\n");
  absl::Status status = LoadTlsIdentity(files).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "tls: cert \"" + files.cert + "\": no PEM certificate in it");
}

TEST_F(TlsCredentialsTest, KeyOfAnotherCertificateIsRefused) {
  TlsFiles files = FilesFor(temp_.path(), "3604");
  files.key = temp_.Sub("RI.key");
  absl::Status status = MakeServerCredentials(files).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("tls: key \"" + files.key + "\""));
  EXPECT_THAT(status.message(), HasSubstr("not the private key"));
  EXPECT_THAT(status.message(), HasSubstr(files.cert));
}

TEST_F(TlsCredentialsTest, CaFileWithoutCertificateIsRefused) {
  TlsFiles files = FilesFor(temp_.path(), "3604");
  files.ca = WriteFile("empty-ca.pem", "");
  absl::Status status = MakeChannelCredentials(files).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "tls: ca \"" + files.ca + "\": no PEM certificate in it");
}

TEST_F(TlsCredentialsTest, KeyFileGivenAsCertificateIsRefused) {
  TlsFiles files = FilesFor(temp_.path(), "3604");
  files.cert = files.key;
  EXPECT_EQ(LoadTlsIdentity(files).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace kinerja::tls
