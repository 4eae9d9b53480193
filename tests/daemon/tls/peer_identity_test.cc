#include "daemon/tls/peer_identity.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/string_ref.h>

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "tests/daemon/tls/tls_test_support.h"

namespace kinerja::tls {
namespace {

using ::kinerja::tls::testing::AskWhoAmI;
using ::kinerja::tls::testing::WhoAmIServer;
using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

TEST(PeerSatkerInsecureTest, ReadsTheNodeHeader) {
  Metadata metadata = {{kNodeMetadataKey, "3604"}, {"user-agent", "test"}};
  absl::StatusOr<std::string> node = PeerSatkerInsecure(metadata);
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(*node, "3604");
}

TEST(PeerSatkerInsecureTest, MissingHeaderIsUnauthenticated) {
  Metadata metadata = {{"user-agent", "test"}};
  EXPECT_EQ(PeerSatkerInsecure(metadata).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(PeerSatkerInsecureTest, RepeatedHeaderIsUnauthenticated) {
  Metadata metadata = {{kNodeMetadataKey, "3604"}, {kNodeMetadataKey, "36"}};
  EXPECT_EQ(PeerSatkerInsecure(metadata).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(PeerSatkerInsecureTest, ValueThatIsNotASatkerCodeIsUnauthenticated) {
  for (const char* value : {"", "36/04", "36 04", "3604\n"}) {
    Metadata metadata = {{kNodeMetadataKey, value}};
    EXPECT_EQ(PeerSatkerInsecure(metadata).status().code(), absl::StatusCode::kUnauthenticated)
        << "value \"" << value << "\"";
  }
}

TEST(PeerSatkerOfTest, InsecureLoopbackServerTakesTheHeader) {
  WhoAmIServer server(grpc::InsecureServerCredentials(), PeerTrust::kInsecureLoopback);
  ASSERT_TRUE(server.started());
  absl::StatusOr<std::string> node =
      AskWhoAmI(server.address(), grpc::InsecureChannelCredentials(), {{kNodeMetadataKey, "3673"}});
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(*node, "3673");
}

TEST(PeerSatkerOfTest, InsecureCallWithoutHeaderIsUnauthenticated) {
  WhoAmIServer server(grpc::InsecureServerCredentials(), PeerTrust::kInsecureLoopback);
  ASSERT_TRUE(server.started());
  absl::StatusOr<std::string> node =
      AskWhoAmI(server.address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(node.status().code(), absl::StatusCode::kUnauthenticated) << node.status();
}

TEST(PeerSatkerOfTest, CertificateTrustIgnoresTheHeaderOfAPlaintextCall) {
  // PeerSatker on a call without TLS: there is no certificate, and the header proves nothing.
  WhoAmIServer server(grpc::InsecureServerCredentials(), PeerTrust::kCertificate);
  ASSERT_TRUE(server.started());
  absl::StatusOr<std::string> node =
      AskWhoAmI(server.address(), grpc::InsecureChannelCredentials(), {{kNodeMetadataKey, "3604"}});
  EXPECT_EQ(node.status().code(), absl::StatusCode::kUnauthenticated) << node.status();
}

}  // namespace
}  // namespace kinerja::tls
