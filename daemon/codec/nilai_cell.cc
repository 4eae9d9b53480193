#include "common/values/nilai.h"
#include "daemon/codec/builtin_codecs.h"

namespace kinerja::codec {

std::string NilaiCell(const v1::Nilai& nilai) {
  return nilai.teks().empty() ? values::FormatNilai(nilai, values::Style::kDocument) : nilai.teks();
}

}  // namespace kinerja::codec
