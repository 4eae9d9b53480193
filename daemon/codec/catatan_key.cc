// Review notes: written by an ancestor about a satker ("<satker>/catatan/<penulis>/<topik>").
// No file holds them yet; their record kind is still in the table, so that they have a key.
#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/record_key.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

absl::StatusOr<std::string> CatatanKey(const v1::Record& record) {
  const v1::Catatan& r = record.catatan();
  if (absl::Status st = RequireFields(!r.satker().empty() && !r.penulis().empty() &&
                                          !r.topik().empty() && r.satker() != r.penulis(),
                                      "catatan satker, penulis (another satker) or topik");
      !st.ok()) {
    return st;
  }
  return storage::CatatanKey(r.satker(), r.penulis(), r.topik());
}

}  // namespace

RecordKind CatatanRecordKind() {
  return RecordKind{.entity = v1::Record::kCatatan,
                    .section = storage::KeySection::kCatatan,
                    .key_kind = "catatan",
                    .key = CatatanKey};
}

}  // namespace kinerja::codec
