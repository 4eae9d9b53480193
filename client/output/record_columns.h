// The columns kinerjactl shows for each kind of record (kinerja.v1.Record's entities), a
// one-line summary of any record, and the kind names. Used by `ls`, `get`, `conflicts` and
// `resolve` in table and CSV output.
#ifndef KINERJA_CLIENT_OUTPUT_RECORD_COLUMNS_H_
#define KINERJA_CLIENT_OUTPUT_RECORD_COLUMNS_H_

#include <string>
#include <vector>

#include "client/output/text_table.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::client {

// How a cell is written: for people (grouped rupiah "238.339.761.000") or for machines
// (plain integers "238339761000").
enum class CellStyle { kHuman, kMachine };

struct RecordColumn {
  TextColumn column;  // Name (the proto field name or a short form of it) and layout.
  // Shown in every output when false; only where a record is shown whole (CSV, `get`) when
  // true: long texts, and satker/tahun which a listing's keys already show.
  bool detail = false;
  // The cell of `record`, which holds this column's kind of entity.
  std::string (*cell)(const v1::Record& record, CellStyle style) = nullptr;
};

// The columns of records holding entity `kind`, in display order. Empty for ENTITY_NOT_SET.
const std::vector<RecordColumn>& RecordColumns(v1::Record::EntityCase kind);

// The entity's field name in kinerja.v1.Record: "satker", "indikator", "realisasi_indikator",
// "anggaran_pagu", "anggaran_realisasi", "rencana_aksi", "catatan", "total_dokumen"; "" when
// none is set.
std::string RecordKindName(v1::Record::EntityCase kind);

// One line saying what the record holds, for listings that mix kinds and for conflict heads:
// e.g. "6709/L01 Pemungutan dan Penghitungan Suara: pagu 14.832.658.000". Texts longer than
// 60 characters are cut.
std::string RecordSummary(const v1::Record& record);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_OUTPUT_RECORD_COLUMNS_H_
