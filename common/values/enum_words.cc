#include "common/values/enum_words.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"

namespace kinerja::values {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;

// "TINGKAT_" for Tingkat, "FILE_KIND_" for FileKind: the prefix protobuf style puts on every
// value name.
std::string Prefix(const EnumDescriptor& descriptor) {
  std::string prefix;
  for (const char c : descriptor.name()) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c)) && !prefix.empty()) {
      prefix.push_back('_');
    }
    prefix.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  prefix.push_back('_');
  return prefix;
}

// The word of one value; "" for the UNSPECIFIED one.
std::string WordOf(const EnumValueDescriptor& value) {
  const EnumDescriptor& descriptor = *value.type();
  absl::string_view rest = value.name();
  if (!absl::ConsumePrefix(&rest, Prefix(descriptor)) || rest == "UNSPECIFIED") return "";
  if (&descriptor == v1::Dokumen_descriptor()) return std::string(rest);
  return absl::AsciiStrToLower(rest);
}

std::string WordOfNumber(const EnumDescriptor& descriptor, int number) {
  const EnumValueDescriptor* value = descriptor.FindValueByNumber(number);
  return value == nullptr ? "" : WordOf(*value);
}

std::optional<int> NumberOfWord(const EnumDescriptor& descriptor, absl::string_view word) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(word);
  if (trimmed.empty()) return std::nullopt;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const EnumValueDescriptor& value = *descriptor.value(i);
    const std::string candidate = WordOf(value);
    if (!candidate.empty() && absl::EqualsIgnoreCase(candidate, trimmed)) return value.number();
  }
  return std::nullopt;
}

std::vector<std::string> WordsOf(const EnumDescriptor& descriptor) {
  std::vector<std::string> words;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    std::string word = WordOf(*descriptor.value(i));
    if (!word.empty()) words.push_back(std::move(word));
  }
  return words;
}

}  // namespace

template <typename Enum>
std::string EnumWord(Enum value) {
  return WordOfNumber(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

template <typename Enum>
std::optional<Enum> EnumFromWord(absl::string_view word) {
  const std::optional<int> number =
      NumberOfWord(*google::protobuf::GetEnumDescriptor<Enum>(), word);
  if (!number.has_value()) return std::nullopt;
  return static_cast<Enum>(*number);
}

template <typename Enum>
std::vector<std::string> EnumWords() {
  return WordsOf(*google::protobuf::GetEnumDescriptor<Enum>());
}

template <typename Enum>
std::string EnumWordsList() {
  return absl::StrJoin(EnumWords<Enum>(), ", ");
}

#define KINERJA_VALUES_ENUM_WORDS(Enum)                                    \
  template std::string EnumWord<Enum>(Enum);                               \
  template std::optional<Enum> EnumFromWord<Enum>(absl::string_view word); \
  template std::vector<std::string> EnumWords<Enum>();                     \
  template std::string EnumWordsList<Enum>();

KINERJA_VALUES_ENUM_WORDS(v1::Tingkat)
KINERJA_VALUES_ENUM_WORDS(v1::Dokumen)
KINERJA_VALUES_ENUM_WORDS(v1::Polaritas)
KINERJA_VALUES_ENUM_WORDS(v1::Role)
KINERJA_VALUES_ENUM_WORDS(v1::FileKind)

#undef KINERJA_VALUES_ENUM_WORDS

}  // namespace kinerja::values
