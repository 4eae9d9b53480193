// A kinerjad node: its replica, the satker registry it authorises with, its link to the
// upstream node and the counters `status` shows. Roles differ only in configuration (who is
// upstream, which peers may dial in). The gRPC services are thin adapters over this class.
#ifndef KINERJA_DAEMON_NODE_NODE_H_
#define KINERJA_DAEMON_NODE_NODE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "daemon/authz/registry.h"
#include "daemon/node/importer.h"
#include "daemon/rollup/rollup_observer.h"
#include "daemon/runtime/feed_hub.h"
#include "daemon/runtime/log.h"
#include "daemon/sync/sync_host.h"
#include "daemon/sync/upstream_link.h"
#include "kinerja/v1/admin.pb.h"
#include "kinerja/v1/config.pb.h"
#include "storage/entity_key.h"
#include "storage/replica.h"

namespace kinerja::daemon {

struct NodeOptions {
  // This node's satker code. Required.
  std::string node;
  // Office, province or national. Required.
  v1::Role role = v1::ROLE_UNSPECIFIED;
  // Replica directory. Required.
  std::string data_dir;
  // Registry entries from the --registry file; replicated entries (RI/ref/satker/...) are
  // laid over them. Default: none.
  std::vector<v1::Satker> registry;
  // HOST:PORT of the parent node, as `status` shows it; empty for national. Default: "".
  std::string upstream_address;
  // Makes the link to the parent node; Open calls it once, after opening the replica, when
  // `upstream_address` is set (it is required then). Default: none.
  UpstreamLinkFactory upstream_link;
  // Where the node's log lines go; every line names `node`. Default: stderr.
  LogSink log_sink;
  // Without a `log_sink`: how stderr lines are written and the lowest level written.
  // Default: text, info.
  LogFormat log_format = LogFormat::kText;
  LogLevel log_level = LogLevel::kInfo;
  // Whether an import returns the memory it freed to the system (malloc_trim) when it ends,
  // so an idle office stays small. The simulator, importing thousands of small files, does
  // not. Default: true.
  bool release_memory_after_import = true;
  // Replica options (clock, sync, skew). `satker`, `observer` and `on_commit` are set by the
  // node. Default: ReplicaOptions's defaults.
  storage::ReplicaOptions replica;
};

// Thread-safe: admin calls, children's sessions and the upstream link use it concurrently.
class Node final : public SyncHost {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Node>> Open(NodeOptions options);
  ~Node() override;

  // Starts the upstream link (if there is an upstream).
  void Start();
  // Stops it; the replica stays open until destruction.
  void Stop();

  const std::string& node() const { return options_.node; }
  v1::Role role() const { return options_.role; }
  storage::Replica* replica() { return replica_.get(); }
  // Wakes rollup-feed followers on every commit.
  FeedHub* feed_hub() { return &feed_hub_; }
  std::shared_ptr<const Registry> registry() const;
  // What the upstream link knows (reachability, the upstream's vector); nullopt for national.
  std::optional<UpstreamLink::LinkState> upstream_state() const;
  // The node's logger (names the node on every line); lives as long as the node.
  const Logger& logger() const { return logger_; }

  // AdminService operations.
  // Imports the file `source` yields (daemon/node/importer.h); after a large import, returns
  // the memory it used to the system.
  [[nodiscard]] absl::StatusOr<v1::ImportResponse> Import(const ImportFile& file,
                                                          ImportSource* source);
  // The same for a file held whole in `request.content`.
  [[nodiscard]] absl::StatusOr<v1::ImportResponse> Import(const v1::ImportRequest& request);
  v1::StatusResponse Status() const;
  [[nodiscard]] absl::StatusOr<v1::SyncNowResponse> SyncNow(absl::Duration timeout);
  [[nodiscard]] absl::StatusOr<v1::ResolveResponse> Resolve(const v1::ResolveRequest& request);

  // SyncHost: sessions that children open with this node.
  [[nodiscard]] absl::StatusOr<std::unique_ptr<SessionPolicy>> PolicyForChild(
      const std::string& peer) override;
  void SessionEnded(const std::string& peer, const absl::Status& status,
                    const SyncStats& stats) override;

 private:
  explicit Node(NodeOptions options);
  // Rebuilds the registry from the file entries and the replicated ones.
  [[nodiscard]] absl::Status RefreshRegistry();
  // Local data changed: let the upstream loop know.
  void Changed();
  // After every commit: wake feed followers, reload the registry if entries of it changed.
  void Committed();

  // The replica's observer: the rollup engine, plus noting changes to registry entries.
  class Observer final : public storage::VisibleObserver {
   public:
    explicit Observer(Node* node) : node_(node) {}
    [[nodiscard]] absl::Status OnVisibleChange(absl::string_view key, const std::string* before,
                                               const std::string* after,
                                               storage::DerivedRows* rows) override;

   private:
    Node* const node_;
  };

  const NodeOptions options_;
  const Logger logger_;
  // "RI/ref/satker/": where replicated registry entries live.
  const std::string registry_prefix_ = storage::ReferenceKey("RI", storage::kRefSatker, {""});
  rollup::RollupObserver rollups_;  // Keeps rollup rows in every batch the replica commits.
  Observer observer_{this};
  std::atomic<bool> registry_dirty_{false};
  FeedHub feed_hub_;
  std::unique_ptr<storage::Replica> replica_;
  std::unique_ptr<UpstreamLink> upstream_;

  mutable absl::Mutex mu_;
  std::shared_ptr<const Registry> registry_ ABSL_GUARDED_BY(mu_);
  std::atomic<uint64_t> refused_{0};
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_NODE_NODE_H_
