#include "daemon/node/node.h"

#include <malloc.h>

#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/values/enum_words.h"
#include "daemon/authz/authz.h"
#include "daemon/node/importer.h"
#include "daemon/node/record_queries.h"
#include "daemon/runtime/log.h"
#include "daemon/sync/session_policy.h"
#include "storage/entity_key.h"

namespace kinerja::daemon {
namespace {

// The change a refusal names ("... change 3604.00000000abcd#7 ..."), for the log line's
// `change` field; "" when it names none (a refused hello, a range).
std::string RefusedChangeId(absl::string_view message) {
  constexpr absl::string_view kChange = "change ";
  const size_t at = message.find(kChange);
  if (at == absl::string_view::npos) return "";
  absl::string_view id = message.substr(at + kChange.size());
  id = id.substr(0, id.find_first_of(" :,;()"));
  const size_t hash = id.find('#');
  if (hash == 0 || hash == absl::string_view::npos || hash + 1 == id.size()) return "";
  return std::string(id);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Node>> Node::Open(NodeOptions options) {
  std::unique_ptr<Node> node(new Node(std::move(options)));
  storage::ReplicaOptions replica_options = node->options_.replica;
  replica_options.satker = node->options_.node;
  replica_options.observer = &node->observer_;
  replica_options.on_commit = [n = node.get()] { n->Committed(); };
  replica_options.on_clock_skew = [n = node.get()](const v1::Change& c, absl::Duration ahead) {
    const std::string change = absl::StrCat(c.origin(), "#", c.seq());
    n->logger_.Warning(LogFields{.component = "sync", .change = change}, "clock skew: change ",
               change, " (", c.key(), ") is ",
               absl::FormatDuration(ahead),
               " ahead of local time; accepted, its clock adopted only up to the skew bound");
  };
  auto replica = storage::Replica::Open(node->options_.data_dir, replica_options);
  if (!replica.ok()) return replica.status();
  node->replica_ = *std::move(replica);
  if (!node->replica_->recovery_report().empty()) {
    node->logger_.Warning(LogFields{.component = "storage"}, node->replica_->recovery_report());
  }
  if (auto r = node->replica_->own_origin_regression(); r.has_value()) {
    node->logger_.Error(LogFields{.component = "storage"}, "writing is refused: ", storage::DescribeRegression(*r, node->replica_->replica_id()),
             "; see `kinerjactl status` for how to recover");
  }
  if (absl::Status st = node->RefreshRegistry(); !st.ok()) return st;
  const std::shared_ptr<const Registry> registry = node->registry();
  if (!registry->Contains(node->node())) {
    return absl::FailedPreconditionError(
        absl::StrCat("registry: this node's satker ", node->node(), " is not in it"));
  }
  if (!node->options_.upstream_address.empty()) {
    if (registry->Parent(node->node()).empty()) {
      return absl::FailedPreconditionError(absl::StrCat("registry: satker ", node->node(),
                                                        " has no parent to sync with at ",
                                                        node->options_.upstream_address));
    }
    if (!node->options_.upstream_link) {
      return absl::InvalidArgumentError(
          absl::StrCat("node ", node->node(), ": an upstream address but no way to link to it"));
    }
    node->upstream_ = node->options_.upstream_link(node->replica_.get(),
                                                   [n = node.get()] { return n->registry(); });
  }
  return node;
}

Node::Node(NodeOptions options)
    : options_(std::move(options)),
      logger_(options_.log_sink
                  ? Logger(options_.node, options_.log_sink)
                  : Logger(options_.node, options_.log_format, options_.log_level)),
      feed_hub_([this] { return replica_->feed_head(); }) {}

Node::~Node() { Stop(); }

void Node::Start() {
  if (upstream_ != nullptr) upstream_->Start();
}

void Node::Stop() {
  if (upstream_ != nullptr) upstream_->Stop();
}

std::optional<UpstreamLink::LinkState> Node::upstream_state() const {
  if (upstream_ == nullptr) return std::nullopt;
  return upstream_->link_state();
}

std::shared_ptr<const Registry> Node::registry() const {
  absl::MutexLock l(&mu_);
  return registry_;
}

absl::Status Node::RefreshRegistry() {
  std::vector<v1::Satker> entries = options_.registry;
  absl::Status st = replica_->NewReadView()->Scan(
      registry_prefix_, [&](absl::string_view key, absl::string_view value) {
        v1::Record r;
        if (!r.ParseFromArray(value.data(), static_cast<int>(value.size())) || !r.has_satker()) {
          return absl::DataLossError(absl::StrCat("registry entry ", key, " is undecodable"));
        }
        entries.push_back(r.satker());
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  auto registry = Registry::Build(entries);
  if (!registry.ok()) return registry.status();
  absl::MutexLock l(&mu_);
  registry_ = std::make_shared<const Registry>(*std::move(registry));
  return absl::OkStatus();
}

absl::Status Node::Observer::OnVisibleChange(absl::string_view key, const std::string* before,
                                             const std::string* after, storage::DerivedRows* rows) {
  if (absl::StartsWith(key, node_->registry_prefix_)) node_->registry_dirty_ = true;
  return node_->rollups_.OnVisibleChange(key, before, after, rows);
}

void Node::Committed() {
  feed_hub_.Notify();
  // Whichever path brought new registry entries (an import, a child, the parent), the
  // registry that authorises the next change includes them.
  if (registry_dirty_.exchange(false)) {
    if (absl::Status st = RefreshRegistry(); !st.ok()) logger_.Error("registry: ", st.message());
  }
}

void Node::Changed() {
  if (upstream_ != nullptr) upstream_->Poke();
}

absl::StatusOr<v1::ImportResponse> Node::Import(const v1::ImportRequest& request) {
  WholeFileSource source(request.content());
  return Import(ImportFile{request.file_kind(), request.file_name(), request.author(),
                           request.dry_run()},
                &source);
}

absl::StatusOr<v1::ImportResponse> Node::Import(const ImportFile& file, ImportSource* source) {
  auto response = ImportCsv(replica_.get(), *registry(), options_.node, file, source);
  // The pages a large import's runs and batches touched go back to the system (glibc keeps
  // freed memory otherwise).
  if (options_.release_memory_after_import) malloc_trim(0);
  if (!response.ok()) {
    logger_.Warning(LogFields{.component = "import"}, "import ", values::EnumWord(file.kind), " ",
                    file.file_name,
               " refused: ", response.status().message());
    return response;
  }
  if (file.dry_run) {
    logger_.Info(LogFields{.component = "import"}, "preview of import ",
                 values::EnumWord(file.kind), " ", file.file_name, ": created ",
                 response->created(), ", changed ", response->changed(), ", unchanged ",
                 response->unchanged(), ", errors ", response->preview().errors_total(), " (",
                 response->rows(), " rows); nothing written");
    return response;
  }
  logger_.Info(LogFields{.component = "import"}, "import ", values::EnumWord(file.kind), " ",
               file.file_name, ": created ",
          response->created(), ", changed ", response->changed(), ", unchanged ",
          response->unchanged(), " (", response->rows(), " rows)");
  if (response->created() + response->changed() > 0) {
    Changed();
  }
  return response;
}

absl::StatusOr<v1::ResolveResponse> Node::Resolve(const v1::ResolveRequest& request) {
  auto response = ResolveConflict(replica_.get(), *registry(), options_.node, request);
  if (response.ok()) Changed();
  return response;
}

v1::StatusResponse Node::Status() const {
  v1::StatusResponse s;
  s.set_node(options_.node);
  s.set_role(options_.role);
  s.set_replica_id(replica_->replica_id());
  s.set_upstream(options_.upstream_address);
  const storage::VersionVector vv = replica_->version_vector();
  *s.mutable_version_vector() = vv.ToProto();
  s.set_changes_held(replica_->changes_held());
  s.set_conflicts(replica_->conflict_count());
  s.set_clock_skew_events(replica_->clock_skew_events());
  if (auto r = replica_->own_origin_regression(); r.has_value()) {
    s.set_own_origin_peer_seq(r->peer_seq());
    s.set_own_origin_local_seq(r->local_seq());
    s.set_write_refused(absl::StrCat(
        storage::DescribeRegression(*r, replica_->replica_id()),
        " (its log went back: a damaged WAL or a restored backup), so syncing and writing are "
        "refused. To recover: stop kinerjad; move its data directory ",
        options_.data_dir,
        " aside (keep it: changes written after the damage are only there); start kinerjad "
        "with an empty data directory, which is a new incarnation with a new replica id that "
        "never reuses a seq; run `kinerjactl sync` to get the data back from the upstream; "
        "then re-import the files imported since the damage"));
  }
  uint64_t refused = refused_.load();
  if (upstream_ != nullptr) {
    const UpstreamLink::LinkState link = upstream_->link_state();
    s.set_upstream_reachable(link.reachable);
    if (link.last_success != absl::InfinitePast()) {
      s.set_last_sync_unix_ms(absl::ToUnixMillis(link.last_success));
    }
    if (!link.reachable) s.set_last_sync_error(link.last_error);
    refused += link.refused;
    // What we hold from our own subtree that the upstream is not known to hold.
    const std::shared_ptr<const Registry> reg = registry();
    uint64_t waiting = 0;
    for (const auto& [origin, seq] : vv.entries()) {
      if (!reg->IsSelfOrAncestor(options_.node, OriginSatker(origin))) continue;
      const uint64_t theirs = link.upstream_vv.Get(origin);
      if (seq > theirs) waiting += seq - theirs;
    }
    s.set_waiting_up(waiting);
  }
  s.set_refused_changes(refused);
  return s;
}

absl::StatusOr<v1::SyncNowResponse> Node::SyncNow(absl::Duration timeout) {
  if (upstream_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(options_.node, " is the national node: it has no upstream to sync with"));
  }
  const absl::Time start = absl::Now();
  auto stats = upstream_->SyncNow(timeout);
  if (!stats.ok()) {
    const UpstreamLink::LinkState link = upstream_->link_state();
    if (stats.status().code() == absl::StatusCode::kDeadlineExceeded && !link.reachable) {
      return absl::UnavailableError(absl::StrCat(
          stats.status().message(), link.last_error.empty()
                                        ? "; the upstream has not answered"
                                        : absl::StrCat("; last error: ", link.last_error)));
    }
    return stats.status();
  }
  v1::SyncNowResponse response;
  response.set_sent(stats->sent_changes);
  response.set_received(stats->received_changes);
  response.set_duration_ms(absl::ToInt64Milliseconds(absl::Now() - start));
  response.set_waiting_up(Status().waiting_up());
  return response;
}

absl::StatusOr<std::unique_ptr<SessionPolicy>> Node::PolicyForChild(const std::string& peer) {
  std::shared_ptr<const Registry> reg = registry();
  if (reg->Parent(peer) != options_.node) {
    return absl::PermissionDeniedError(
        absl::StrCat("satker ", peer, " is not a child of ", options_.node, " in the registry"));
  }
  // The registry as it is for each batch: entries committed by earlier batches count.
  return std::make_unique<RegistrySessionPolicy>(
      RegistrySessionPolicy::RegistrySource([this] { return registry(); }), options_.node, peer,
      SyncEngine::Side::kParent);
}

void Node::SessionEnded(const std::string& peer, const absl::Status& status,
                        const SyncStats& stats) {
  // A refusal is the peer's fault, not this node's: a warning naming the refused change.
  const std::string change = RefusedChangeId(status.message());
  const LogFields fields{
      .component = "sync", .peer = peer, .session = stats.session, .change = change};
  if (status.code() == absl::StatusCode::kPermissionDenied || stats.refused) {
    ++refused_;
    logger_.Warning(fields, "refused sync from ", peer, ": ", status.message());
  } else if (!status.ok()) {
    logger_.Warning(fields, "sync session with ", peer, " ended: ", status.ToString());
  }
  if (stats.received_changes > 0) {
    // Sessions that moved nothing are not logged: an idle child syncs every interval.
    logger_.Info(fields, "sync from ", peer, ": received ", stats.received_changes, ", sent ",
                 stats.sent_changes, " in ", absl::FormatDuration(stats.elapsed));
    Changed();  // Forward upstream with origins kept.
  }
}

}  // namespace kinerja::daemon
