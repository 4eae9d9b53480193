// The words people write for the domain's enums, in import files, on the command line and in
// configuration: "kabkota", "RKT", "negatif", "office". Derived from the proto enum's value
// names (TINGKAT_KABKOTA -> "kabkota"), so the schema is the one vocabulary.
#ifndef KINERJA_COMMON_VALUES_ENUM_WORDS_H_
#define KINERJA_COMMON_VALUES_ENUM_WORDS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "kinerja/v1/config.pb.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::values {

// Each function below is defined for Enum = v1::Tingkat, v1::Dokumen, v1::Polaritas,
// v1::Role and v1::FileKind. A value's word is its name without the enum's prefix, in lower
// case ("kabkota", "positif", "office", "realisasi_indikator"), except Dokumen's, which are
// the documents' acronyms ("RKT", "PK", "IKU"). The UNSPECIFIED value has no word.

// The word of `value`; "" for UNSPECIFIED and values outside the enum. The same in both styles.
template <typename Enum>
std::string EnumWord(Enum value);

// The value whose word is `word` (blanks around ignored, any case); nullopt for anything
// else, UNSPECIFIED's name included.
template <typename Enum>
std::optional<Enum> EnumFromWord(absl::string_view word);

// Every word of the enum, in declaration order, UNSPECIFIED left out: {"nasional",
// "provinsi", "kabkota"}.
template <typename Enum>
std::vector<std::string> EnumWords();

// The words joined for messages: "nasional, provinsi, kabkota".
template <typename Enum>
std::string EnumWordsList();

}  // namespace kinerja::values

#endif  // KINERJA_COMMON_VALUES_ENUM_WORDS_H_
