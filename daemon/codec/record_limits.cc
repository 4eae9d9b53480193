#include "daemon/codec/record_limits.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace kinerja::codec {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Walks every set field of `m` (nested messages included): money is found by field name, so
// a new record kind needs no entry here.
absl::Status CheckMessage(const Message& m) {
  const google::protobuf::Reflection* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i) {
          if (absl::Status st = CheckMessage(reflection->GetRepeatedMessage(m, f, i)); !st.ok()) {
            return st;
          }
        }
      } else if (absl::Status st = CheckMessage(reflection->GetMessage(m, f)); !st.ok()) {
        return st;
      }
      continue;
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_INT64 || !absl::EndsWith(f->name(), "_rupiah")) {
      continue;
    }
    const int n = f->is_repeated() ? reflection->FieldSize(m, f) : 1;
    for (int i = 0; i < n; ++i) {
      const int64_t v =
          f->is_repeated() ? reflection->GetRepeatedInt64(m, f, i) : reflection->GetInt64(m, f);
      if (v > kMaxRupiah || v < -kMaxRupiah) {
        return absl::InvalidArgumentError(
            absl::StrCat(f->name(), " ", values::FormatRupiah(v), " is beyond the bound of ",
                         values::FormatRupiah(kMaxRupiah),
                         " rupiah per value (so that no sum of them can wrap)"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRecordLimits(const v1::Record& record) { return CheckMessage(record); }

}  // namespace kinerja::codec
