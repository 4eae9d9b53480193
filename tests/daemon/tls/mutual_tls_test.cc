// End to end over loopback: a server with MakeServerCredentials learns each client's satker
// from its certificate and refuses clients that cannot prove one.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "daemon/tls/peer_identity.h"
#include "daemon/tls/tls_credentials.h"
#include "gtest/gtest.h"
#include "tests/daemon/tls/tls_test_support.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::tls {
namespace {

using ::kinerja::tls::testing::AskWhoAmI;
using ::kinerja::tls::testing::FilesFor;
using ::kinerja::tls::testing::GenerateCerts;
using ::kinerja::tls::testing::WhoAmIServer;

// Certificates of the real CA (in `ca_dir`) and of an unrelated one (in `other_dir`), and a
// mutual-TLS server presenting the province 36's certificate.
class MutualTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_dir_ = temp_.Sub("ca");
    other_dir_ = temp_.Sub("other");
    ASSERT_TRUE(GenerateCerts(ca_dir_, {"36", "3604", "RI"}));
    ASSERT_TRUE(GenerateCerts(other_dir_, {"3604"}));
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        MakeServerCredentials(FilesFor(ca_dir_, "36"));
    ASSERT_TRUE(credentials.ok()) << credentials.status();
    server_ = std::make_unique<WhoAmIServer>(*credentials, PeerTrust::kCertificate);
    ASSERT_TRUE(server_->started());
  }

  std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const TlsFiles& files) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        MakeChannelCredentials(files);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    return credentials.ok() ? *credentials : nullptr;
  }

  kinerja::testing::TempDir temp_;
  std::string ca_dir_;
  std::string other_dir_;
  std::unique_ptr<WhoAmIServer> server_;
};

TEST_F(MutualTlsTest, ClientIsKnownByItsCertificateCommonName) {
  absl::StatusOr<std::string> node =
      AskWhoAmI(server_->address(), ChannelCredentials(FilesFor(ca_dir_, "3604")));
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(*node, "3604");
}

TEST_F(MutualTlsTest, EachClientIsKnownAsItsOwnSatker) {
  absl::StatusOr<std::string> node =
      AskWhoAmI(server_->address(), ChannelCredentials(FilesFor(ca_dir_, "RI")));
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(*node, "RI");
}

TEST_F(MutualTlsTest, ClientCertificateFromAnotherCaIsRefused) {
  // Trusts the server's CA, but presents a 3604 certificate the server's CA never signed.
  TlsFiles files = FilesFor(other_dir_, "3604");
  files.ca = ca_dir_ + "/ca.pem";
  absl::StatusOr<std::string> node = AskWhoAmI(server_->address(), ChannelCredentials(files));
  EXPECT_FALSE(node.ok()) << "accepted as " << *node;
}

TEST_F(MutualTlsTest, ClientWithoutCertificateIsRefused) {
  absl::StatusOr<TlsIdentity> identity = LoadTlsIdentity(FilesFor(ca_dir_, "3604"));
  ASSERT_TRUE(identity.ok()) << identity.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = identity->ca_pem;
  absl::StatusOr<std::string> node = AskWhoAmI(server_->address(), grpc::SslCredentials(options));
  EXPECT_FALSE(node.ok()) << "accepted as " << *node;
}

TEST_F(MutualTlsTest, PlaintextClientIsRefused) {
  absl::StatusOr<std::string> node =
      AskWhoAmI(server_->address(), grpc::InsecureChannelCredentials());
  EXPECT_FALSE(node.ok()) << "accepted as " << *node;
}

TEST_F(MutualTlsTest, ServerFromAnotherCaIsRefusedByTheClient) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(FilesFor(other_dir_, "3604"));
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  WhoAmIServer impostor(*credentials, PeerTrust::kCertificate);
  ASSERT_TRUE(impostor.started());
  absl::StatusOr<std::string> node =
      AskWhoAmI(impostor.address(), ChannelCredentials(FilesFor(ca_dir_, "3604")));
  EXPECT_FALSE(node.ok()) << "impostor answered " << *node;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST_F(MutualTlsTest, ClientCertificateWithTwoCommonNamesIsRefused) {
  // Signed by the real CA, subject CN=3604 and CN=36: gRPC reports only the first CN.
  const std::string dir = temp_.Sub("two-cn");
  const std::string command =
      absl::StrCat("mkdir -p '", dir, "' && cd '", dir,
                   "' && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                   " -keyout two.key -subj /CN=3604/CN=36 -out two.csr 2>/dev/null"
                   " && openssl x509 -req -in two.csr -CA '",
                   ca_dir_, "/ca.pem' -CAkey '", ca_dir_,
                   "/ca.key' -set_serial 7 -days 1 -out two.pem 2>/dev/null");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(ca_dir_ + "/ca.pem");
  options.pem_private_key = ReadFile(dir + "/two.key");
  options.pem_cert_chain = ReadFile(dir + "/two.pem");
  absl::StatusOr<std::string> node = AskWhoAmI(server_->address(), grpc::SslCredentials(options));
  EXPECT_EQ(node.status().code(), absl::StatusCode::kUnauthenticated)
      << (node.ok() ? "accepted as " + *node : node.status().ToString());
}

}  // namespace
}  // namespace kinerja::tls
