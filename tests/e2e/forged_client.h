// A hand-written SyncService client for end-to-end tests of authorisation: it holds a
// certificate (a node's, or one a node must refuse), says whatever hello it is told to and
// sends forged messages, the way a modified node with a valid certificate could.
#ifndef KINERJA_TESTS_E2E_FORGED_CLIENT_H_
#define KINERJA_TESTS_E2E_FORGED_CLIENT_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/tls/tls_credentials.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kinerja/v1/sync.grpc.pb.h"
#include "storage/entity_key.h"
#include "tests/e2e/cluster.h"

namespace kinerja::e2e {

// A sync session held open by a test (ForgedClient::Open): the hello is answered, nothing
// more is sent until the test says.
struct OpenSession {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReaderWriter<v1::SyncMessage, v1::SyncMessage>> stream;
  bool answered = false;  // The parent answered the hello: the session is on.
  bool finished = false;

  // Reads until the parent ends the session; its status.
  grpc::Status Wait() {
    v1::SyncMessage in;
    while (stream->Read(&in)) {
    }
    finished = true;
    return stream->Finish();
  }
  // Cancels the session if it still runs.
  ~OpenSession() {
    if (stream == nullptr || finished) return;
    context.TryCancel();
    Wait();
  }
};

class ForgedClient {
 public:
  // With the demo certificate of `satker` (Cluster::Add made it) to `hub`'s sync listener.
  ForgedClient(const Cluster& c, const std::string& hub, const std::string& satker) {
    auto creds = tls::MakeChannelCredentials({absl::StrCat(c.cert_dir(), "/", satker, ".pem"),
                                              absl::StrCat(c.cert_dir(), "/", satker, ".key"),
                                              absl::StrCat(c.cert_dir(), "/ca.pem")});
    EXPECT_TRUE(creds.ok());
    stub_ = v1::SyncService::NewStub(grpc::CreateChannel(c.SyncAddress(hub), *creds));
  }
  // With any credentials (another CA's certificate, none, an expired one) to `address`, and
  // any channel arguments.
  ForgedClient(const std::string& address, std::shared_ptr<grpc::ChannelCredentials> creds,
               grpc::ChannelArguments args = grpc::ChannelArguments()) {
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // Its own connection, not a shared one.
    stub_ = v1::SyncService::NewStub(grpc::CreateCustomChannel(address, std::move(creds), args));
  }

  // Says hello as `claimed`, sends one batch with `change`; returns the session's status.
  grpc::Status Send(const std::string& claimed, const v1::Change& change) {
    v1::SyncMessage batch;
    batch.mutable_batch()->set_batch_no(1);
    *batch.mutable_batch()->mutable_batch()->add_changes() = change;
    return SendAfterHello(claimed, batch);
  }

  // Says hello as `claimed` (with `replica_id`, by default a replica id of `claimed`), sends
  // `message`; returns the session's status.
  grpc::Status SendAfterHello(const std::string& claimed, const v1::SyncMessage& message,
                              std::optional<std::string> replica_id = std::nullopt) {
    return SendAfterHelloMessage(Hello(claimed, replica_id), message);
  }

  // Sends `hello`, then, if the parent answers it, `message`; returns the session's status.
  grpc::Status SendAfterHelloMessage(const v1::SyncMessage& hello, const v1::SyncMessage& message) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto stream = stub_->Sync(&ctx);
    stream->Write(hello);
    v1::SyncMessage in;
    if (stream->Read(&in) && in.has_hello()) {
      stream->Write(message);
      while (stream->Read(&in)) {
      }
    }
    stream->WritesDone();
    return stream->Finish();
  }

  // Says hello as `claimed` and keeps the session open (deadline `deadline` from now).
  std::unique_ptr<OpenSession> Open(const std::string& claimed,
                                    std::chrono::seconds deadline = std::chrono::seconds(60)) {
    auto s = std::make_unique<OpenSession>();
    s->context.set_deadline(std::chrono::system_clock::now() + deadline);
    s->stream = stub_->Sync(&s->context);
    s->stream->Write(Hello(claimed, std::nullopt));
    v1::SyncMessage in;
    s->answered = s->stream->Read(&in) && in.has_hello();
    return s;
  }

  // The hello a child `claimed` would send.
  static v1::SyncMessage Hello(const std::string& claimed, std::optional<std::string> replica_id) {
    v1::SyncMessage hello;
    hello.mutable_hello()->set_node(claimed);
    hello.mutable_hello()->set_replica_id(replica_id.value_or(claimed + ".00000000abcd"));
    hello.mutable_hello()->set_protocol_version(1);
    return hello;
  }

 private:
  std::unique_ptr<v1::SyncService::Stub> stub_;
};

// A change of `origin` (seq 1) writing a pagu record of `key_satker` under its own key.
inline v1::Change Forged(const std::string& origin, const std::string& key_satker) {
  v1::Change c;
  c.set_origin(origin);
  c.set_seq(1);
  c.set_hlc(1);
  c.set_key(storage::RecordKey(key_satker, 2024, storage::kKindPagu, {"9999", "-"}));
  v1::Record r;
  r.mutable_anggaran_pagu()->set_satker(key_satker);
  r.mutable_anggaran_pagu()->set_pagu_rupiah(1);
  c.set_value(r.SerializeAsString());
  return c;
}

// A batch message carrying `changes`.
inline v1::SyncMessage ForgedBatch(std::vector<v1::Change> changes, uint64_t batch_no = 1) {
  v1::SyncMessage m;
  m.mutable_batch()->set_batch_no(batch_no);
  for (auto& c : changes) *m.mutable_batch()->mutable_batch()->add_changes() = std::move(c);
  return m;
}

// A batch with no change that accounts for `origin` from seq `first` to `last`.
inline v1::SyncMessage ForgedRange(const std::string& origin, uint64_t first, uint64_t last) {
  v1::SyncMessage m;
  m.mutable_batch()->set_batch_no(1);
  v1::OriginRange* r = m.mutable_batch()->mutable_batch()->add_covered();
  r->set_origin(origin);
  r->set_first(first);
  r->set_last(last);
  return m;
}

}  // namespace kinerja::e2e

#endif  // KINERJA_TESTS_E2E_FORGED_CLIENT_H_
