// The value of a received change is the record its key names (DESIGN.md, "Authorisation",
// rule 3): the rollups read the record, not the key, so a record under another key could move
// another satker's figures. Checked on every change a node receives, whichever direction.
#ifndef KINERJA_DAEMON_SYNC_RECEIVED_VALUE_H_
#define KINERJA_DAEMON_SYNC_RECEIVED_VALUE_H_

#include "absl/status/status.h"
#include "daemon/codec/file_codec.h"
#include "kinerja/v1/replication.pb.h"

namespace kinerja::daemon {

// OK for a tombstone, or for a value that decodes as a v1::Record whose key by `table`
// (codec::KeyForRecord) is the change's key; the kind is part of the key, so a record of
// another kind never matches, and whose values keep the record bounds (codec/record_limits.h:
// money within +-10^15 rupiah). INVALID_ARGUMENT naming the change otherwise. Thread-safe.
[[nodiscard]] absl::Status CheckValueIsKeys(const v1::Change& change,
                                            const codec::CodecTable& table);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_RECEIVED_VALUE_H_
