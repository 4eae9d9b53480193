#include "daemon/sync/received_value.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "daemon/codec/record_key.h"
#include "daemon/codec/record_limits.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::daemon {

absl::Status CheckValueIsKeys(const v1::Change& change, const codec::CodecTable& table) {
  if (change.tombstone()) return absl::OkStatus();
  auto refuse = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("change ", change.origin(), "#", change.seq(),
                                                   " to ", change.key(), ": ", why));
  };
  v1::Record record;
  if (!record.ParseFromString(change.value())) {
    return refuse("the value does not decode as a record");
  }
  absl::StatusOr<std::string> key = codec::KeyForRecord(record, table);
  if (!key.ok()) return refuse(key.status().message());
  if (*key != change.key()) {
    return refuse(absl::StrCat("the value is the record of ", *key));
  }
  if (absl::Status st = codec::CheckRecordLimits(record); !st.ok()) return refuse(st.message());
  return absl::OkStatus();
}

}  // namespace kinerja::daemon
