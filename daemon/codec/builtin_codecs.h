// The built-in entries of the codec table, one function per file kind, each defined in its
// own <kind>_codec.cc with the kind's columns, row rules, export rows and record keys.
#ifndef KINERJA_DAEMON_CODEC_BUILTIN_CODECS_H_
#define KINERJA_DAEMON_CODEC_BUILTIN_CODECS_H_

#include <string>

#include "daemon/codec/file_codec.h"

namespace kinerja::codec {

FileCodec SatkerCodec();              // satker_codec.cc: the satker registry.
FileCodec IndikatorCodec();           // indikator_codec.cc.
FileCodec RealisasiIndikatorCodec();  // realisasi_indikator_codec.cc.
FileCodec AnggaranCodec();            // anggaran_codec.cc: pagu and belanja records.
FileCodec RencanaAksiCodec();         // rencana_aksi_codec.cc.
FileCodec TotalDokumenCodec();        // total_dokumen_codec.cc.
RecordKind CatatanRecordKind();       // catatan_key.cc: review notes, which no file holds.

// Shared by the entries' export rows: a Nilai as the document wrote it (its teks), else in
// the document style ("97,5%").
std::string NilaiCell(const v1::Nilai& nilai);

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_BUILTIN_CODECS_H_
