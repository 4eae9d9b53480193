// UTF-8 validation shared by the import reader (which refuses invalid text, naming its line)
// and the JSON log writer (which replaces it with U+FFFD).
#ifndef KINERJA_COMMON_TEXT_UTF8_H_
#define KINERJA_COMMON_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace kinerja::text {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if none starts there
// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
inline size_t Utf8SequenceLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) return 1;  // ASCII.
  size_t length = 0;
  uint8_t low = 0x80, high = 0xBF;  // Allowed range of the second byte.
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // Overlong.
    if (b0 == 0xED) high = 0x9F;  // Surrogates.
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;   // Overlong.
    if (b0 == 0xF4) high = 0x8F;  // Past U+10FFFF.
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

}  // namespace kinerja::text

#endif  // KINERJA_COMMON_TEXT_UTF8_H_
