// The two ways the domain's values are written. A value has one reader and one writer per
// style, never a copy of the formatting code per program.
#ifndef KINERJA_COMMON_VALUES_STYLE_H_
#define KINERJA_COMMON_VALUES_STYLE_H_

namespace kinerja::values {

enum class Style {
  // As an Indonesian document writes it, and so as an import reads it and an export writes
  // it: '.' groups thousands, ',' is the decimal point, a Nilai as its number and unit
  // ("1.234,5", "97,5%", "12 Laporan"). What this style writes, the parsers read back exactly.
  kDocument,
  // As kinerjactl (and web pages) show it to people: '.' is the decimal point, no grouping of
  // decimal numbers (rupiah are still grouped), percentages with exactly two decimals, a Nilai
  // as the document's own text when it has one ("97.5", "97.50%").
  kDisplay,
};

}  // namespace kinerja::values

#endif  // KINERJA_COMMON_VALUES_STYLE_H_
