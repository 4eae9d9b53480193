// The key a record is stored under (storage/entity_key.h has the grammar): looked up by the
// record's kind in a codec table, so each kind's key is one small function beside its codec.
#ifndef KINERJA_DAEMON_CODEC_RECORD_KEY_H_
#define KINERJA_DAEMON_CODEC_RECORD_KEY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/codec/file_codec.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::codec {

// The key `record` is stored under, by the key function `table` holds for its kind.
// INVALID_ARGUMENT if the record lacks the fields that identify it (satker, tahun, codes),
// holds no entity, or is of a kind the table does not know. Thread-safe.
[[nodiscard]] absl::StatusOr<std::string> KeyForRecord(const v1::Record& record,
                                                       const CodecTable& table);
// The same with CodecTable::BuiltIn().
[[nodiscard]] absl::StatusOr<std::string> KeyForRecord(const v1::Record& record);

// OK if `key_kind` is the key kind of a record kind `table` knows ("pagu", "belanja",
// "catatan", ...: the vocabulary of ListRequest.kind, finer than the file kinds, since an
// anggaran file holds pagu and belanja records); INVALID_ARGUMENT listing the kinds otherwise.
[[nodiscard]] absl::Status CheckKeyKind(absl::string_view key_kind, const CodecTable& table);

// Helpers for the key functions of the entries.
// OK when `ok`; otherwise INVALID_ARGUMENT "record lacks <what>".
[[nodiscard]] absl::Status RequireFields(bool ok, absl::string_view what);
// Whether `tahun` is a four-digit year, as keys require.
bool IsKeyYear(int tahun);
// The key component of an optional code (rincian_kode, program_kode): an empty code is an id
// of its own, spelled "-" in the key. So "-" itself can never be a code: it would share the
// key of the empty one, and one record would silently replace the other. The rule: a code
// "-" is refused (INVALID_ARGUMENT "record has <field> \"-\", ..."), never escaped or mapped;
// an import names the cell (CellReader::OptionalKeyKode).
inline constexpr absl::string_view kAbsentCode = "-";
[[nodiscard]] absl::StatusOr<absl::string_view> CodeOrDash(const std::string& code,
                                                           absl::string_view field);

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_RECORD_KEY_H_
