#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/file_codec.h"

namespace kinerja::codec {

const CodecTable& CodecTable::BuiltIn() {
  static const CodecTable* const table = [] {
    auto* t = new CodecTable;
    t->Add(SatkerCodec());
    t->Add(IndikatorCodec());
    t->Add(RealisasiIndikatorCodec());
    t->Add(AnggaranCodec());
    t->Add(RencanaAksiCodec());
    t->Add(TotalDokumenCodec());
    t->AddRecordKind(CatatanRecordKind());
    return t;
  }();
  return *table;
}

void CodecTable::Add(FileCodec codec) {
  for (const RecordKind& kind : codec.records) AddRecordKind(kind);
  for (FileCodec& existing : files_) {
    if (existing.kind == codec.kind) {
      existing = std::move(codec);
      return;
    }
  }
  files_.push_back(std::move(codec));
}

void CodecTable::AddRecordKind(const RecordKind& kind) {
  for (RecordKind& existing : record_kinds_) {
    if (existing.entity == kind.entity) {
      existing = kind;
      return;
    }
  }
  record_kinds_.push_back(kind);
}

const FileCodec* CodecTable::Find(v1::FileKind kind) const {
  for (const FileCodec& codec : files_) {
    if (codec.kind == kind) return &codec;
  }
  return nullptr;
}

const RecordKind* CodecTable::FindRecordKind(v1::Record::EntityCase entity) const {
  for (const RecordKind& kind : record_kinds_) {
    if (kind.entity == entity) return &kind;
  }
  return nullptr;
}

}  // namespace kinerja::codec
