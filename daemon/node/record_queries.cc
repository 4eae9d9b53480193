#include "daemon/node/record_queries.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "daemon/authz/authz.h"
#include "daemon/codec/record_key.h"
#include "daemon/codec/record_limits.h"
#include "storage/entity_key.h"
#include "storage/hlc.h"
#include "storage/key_state.h"

namespace kinerja::daemon {
namespace {

absl::StatusOr<std::vector<v1::Version>> Versions(const storage::Replica& replica,
                                                  const v1::KeyState& state) {
  std::vector<v1::Version> out;
  const v1::Head* winner = storage::Winner(state);
  for (const v1::Head& head : state.heads()) {
    v1::Version v;
    *v.mutable_id() = head.id();
    v.set_hlc(head.hlc());
    v.set_tombstone(head.tombstone());
    v.set_winner(winner != nullptr && storage::SameId(winner->id(), head.id()));
    auto change = replica.GetChange(head.id().origin(), head.id().seq());
    if (!change.ok()) return change.status();
    if (change->has_value()) {
      v.set_author((*change)->author());
      if (!head.tombstone() && !v.mutable_record()->ParseFromString((*change)->value())) {
        return absl::DataLossError(
            absl::StrCat("undecodable value of ", head.id().origin(), "#", head.id().seq()));
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::ListResponse> ListRecords(const storage::Replica& replica,
                                             const v1::ListRequest& request) {
  if (request.satker().empty()) return absl::InvalidArgumentError("ls: a satker is required");
  if (!request.kind().empty()) {
    if (absl::Status st = codec::CheckKeyKind(request.kind(), codec::CodecTable::BuiltIn());
        !st.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("ls: ", st.message()));
    }
  }
  const std::string prefix = request.tahun() > 0
                                 ? storage::YearPrefix(request.satker(), request.tahun())
                                 : storage::SatkerPrefix(request.satker());
  v1::ListResponse response;
  auto view = replica.NewReadView();
  absl::Status st = view->Scan(prefix, [&](absl::string_view key, absl::string_view value) {
    if (!request.kind().empty()) {
      auto parsed = storage::ParseKey(key);
      if (!parsed.ok() || parsed->kind != request.kind()) return absl::OkStatus();
    }
    v1::Entry* e = response.add_entries();
    e->set_key(std::string(key));
    if (!e->mutable_record()->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return absl::DataLossError(absl::StrCat("undecodable value of ", key));
    }
    const bool full =
        request.limit() != 0 && static_cast<uint32_t>(response.entries_size()) >= request.limit();
    return full ? storage::StopScan() : absl::OkStatus();
  });
  if (!st.ok()) return st;
  // Flag the listed records that are in conflict.
  std::vector<std::string> conflicted;
  st = view->ScanConflicts(prefix, [&](absl::string_view key, const v1::KeyState&) {
    conflicted.emplace_back(key);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  for (v1::Entry& e : *response.mutable_entries()) {
    e.set_conflict(std::binary_search(conflicted.begin(), conflicted.end(), e.key()));
  }
  return response;
}

absl::StatusOr<v1::GetResponse> GetRecord(const storage::Replica& replica,
                                          const v1::GetRequest& request) {
  auto state = replica.NewReadView()->GetKeyState(request.key());
  if (!state.ok()) return state.status();
  if (!state->has_value()) return absl::NotFoundError(absl::StrCat("no record ", request.key()));
  v1::GetResponse response;
  v1::Entry* e = response.mutable_entry();
  e->set_key(request.key());
  e->set_conflict((*state)->heads_size() > 1);
  if (storage::IsVisible(**state) && !e->mutable_record()->ParseFromString((*state)->value())) {
    return absl::DataLossError(absl::StrCat("undecodable value of ", request.key()));
  }
  auto versions = Versions(replica, **state);
  if (!versions.ok()) return versions.status();
  for (auto& v : *versions) *response.add_heads() = std::move(v);
  return response;
}

absl::StatusOr<v1::ListConflictsResponse> ListConflicts(const storage::Replica& replica,
                                                        const v1::ListConflictsRequest& request) {
  const std::string prefix =
      request.satker().empty() ? "" : storage::SatkerPrefix(request.satker());
  v1::ListConflictsResponse response;
  absl::Status st = replica.NewReadView()->ScanConflicts(
      prefix, [&](absl::string_view key, const v1::KeyState& state) {
        auto versions = Versions(replica, state);
        if (!versions.ok()) return versions.status();
        v1::Conflict* c = response.add_conflicts();
        c->set_key(std::string(key));
        for (auto& v : *versions) *c->add_heads() = std::move(v);
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  return response;
}

absl::StatusOr<v1::DigestResponse> DigestOfSatker(const storage::Replica& replica,
                                                  const v1::DigestRequest& request) {
  if (request.satker().empty()) return absl::InvalidArgumentError("digest: a satker is required");
  absl::StatusOr<std::string> digest =
      replica.DigestOfPrefix(storage::SatkerPrefix(request.satker()));
  if (!digest.ok()) return digest.status();
  v1::DigestResponse response;
  response.set_satker(request.satker());
  response.set_digest(*std::move(digest));
  return response;
}

absl::StatusOr<v1::HistoryResponse> KeyHistory(const storage::Replica& replica,
                                                const v1::HistoryRequest& request) {
  if (request.key().empty()) return absl::InvalidArgumentError("history: a key is required");
  auto state = replica.NewReadView()->GetKeyState(request.key());
  if (!state.ok()) return state.status();
  if (!state->has_value()) return absl::NotFoundError(absl::StrCat("no record ", request.key()));
  const v1::Head* winner = storage::Winner(**state);
  auto id_text = [](const v1::ChangeId& id) { return absl::StrCat(id.origin(), "#", id.seq()); };
  // Walk back from the heads; `found` maps each held version's id to its change.
  absl::flat_hash_map<std::string, v1::Change> found;
  std::vector<v1::ChangeId> todo;
  for (const v1::Head& head : (*state)->heads()) todo.push_back(head.id());
  while (!todo.empty()) {
    const v1::ChangeId id = std::move(todo.back());
    todo.pop_back();
    if (found.contains(id_text(id))) continue;
    auto change = replica.GetChange(id.origin(), id.seq());
    if (!change.ok()) return change.status();
    if (!change->has_value()) continue;  // Pending: named as a base, not held yet.
    if ((*change)->key() != request.key()) {
      return absl::DataLossError(absl::StrCat("change ", id_text(id), " named as a version of ",
                                              request.key(), " is of key ", (*change)->key()));
    }
    for (const v1::ChangeId& base : (*change)->bases()) todo.push_back(base);
    found.emplace(id_text(id), **std::move(change));
  }
  std::vector<const v1::Change*> order;
  order.reserve(found.size());
  for (const auto& [id, change] : found) order.push_back(&change);
  std::sort(order.begin(), order.end(), [](const v1::Change* a, const v1::Change* b) {
    if (a->hlc() != b->hlc()) return a->hlc() < b->hlc();
    if (a->origin() != b->origin()) return a->origin() < b->origin();
    return a->seq() < b->seq();
  });
  v1::HistoryResponse response;
  response.set_key(request.key());
  absl::flat_hash_map<std::string, v1::HistoryVersion*> by_id;
  for (const v1::Change* c : order) {
    v1::HistoryVersion* hv = response.add_versions();
    v1::Version* v = hv->mutable_version();
    v->mutable_id()->set_origin(c->origin());
    v->mutable_id()->set_seq(c->seq());
    v->set_hlc(c->hlc());
    v->set_tombstone(c->tombstone());
    v->set_author(c->author());
    if (!c->tombstone() && !v->mutable_record()->ParseFromString(c->value())) {
      return absl::DataLossError(absl::StrCat("undecodable value of ", id_text(v->id())));
    }
    hv->set_time_unix_ms(storage::HlcMillis(c->hlc()));
    *hv->mutable_bases() = c->bases();
    for (const v1::Head& head : (*state)->heads()) {
      if (storage::SameId(head.id(), v->id())) hv->set_head(true);
    }
    v->set_winner(winner != nullptr && storage::SameId(winner->id(), v->id()));
    by_id[id_text(v->id())] = hv;
  }
  for (const v1::HistoryVersion& hv : response.versions()) {
    for (const v1::ChangeId& base : hv.bases()) {
      auto it = by_id.find(id_text(base));
      if (it != by_id.end()) *it->second->add_superseded_by() = hv.version().id();
    }
  }
  return response;
}

absl::StatusOr<v1::ResolveResponse> ResolveConflict(storage::Replica* replica,
                                                    const Registry& registry,
                                                    const std::string& node,
                                                    const v1::ResolveRequest& request) {
  if (absl::Status st = CheckWriter(registry, node, request.key()); !st.ok()) return st;
  if (request.heads().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "resolve ", request.key(), ": name the heads you resolve, as conflicts shows them"));
  }
  auto state = replica->NewReadView()->GetKeyState(request.key());
  if (!state.ok()) return state.status();
  if (!state->has_value()) return absl::NotFoundError(absl::StrCat("no record ", request.key()));
  storage::Mutation m{request.key(), std::nullopt,
                      std::vector<v1::ChangeId>(request.heads().begin(), request.heads().end())};
  switch (request.resolution_case()) {
    case v1::ResolveRequest::kPick: {
      const v1::Head* picked = nullptr;
      for (const v1::Head& h : (*state)->heads()) {
        if (storage::SameId(h.id(), request.pick())) picked = &h;
      }
      if (picked == nullptr) {
        return absl::NotFoundError(absl::StrCat(request.pick().origin(), "#", request.pick().seq(),
                                                " is not a head of ", request.key()));
      }
      if (!picked->tombstone()) {
        auto change = replica->GetChange(picked->id().origin(), picked->id().seq());
        if (!change.ok()) return change.status();
        if (!change->has_value()) return absl::DataLossError("picked head missing from the log");
        m.value = (*change)->value();
      }
      break;
    }
    case v1::ResolveRequest::kMerged: {
      auto key = codec::KeyForRecord(request.merged());
      if (!key.ok()) return key.status();
      if (*key != request.key()) {
        return absl::InvalidArgumentError(
            absl::StrCat("the merged record belongs to ", *key, ", not ", request.key()));
      }
      if (absl::Status st = codec::CheckRecordLimits(request.merged()); !st.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("the merged record: ", st.message()));
      }
      m.value = request.merged().SerializeAsString();
      break;
    }
    case v1::ResolveRequest::kRemove:
      break;
    case v1::ResolveRequest::RESOLUTION_NOT_SET:
      return absl::InvalidArgumentError(
          "resolve: say which head to pick, a merged record or delete");
  }
  auto written = replica->Write({m}, request.author().empty() ? "resolve" : request.author());
  if (!written.ok()) return written.status();
  v1::ResolveResponse response;
  *response.mutable_change() = written->front();
  return response;
}

}  // namespace kinerja::daemon
