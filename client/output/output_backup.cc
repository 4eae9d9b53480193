// Output of `kinerjactl backup inspect`: a backup archive's manifest (common/backup/archive.h).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/output/output.h"
#include "client/output/output_internal.h"
#include "client/output/text_table.h"
#include "common/values/enum_words.h"

namespace kinerja::client {
namespace {

std::string TakenAt(int64_t unix_ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(unix_ms),
                          absl::UTCTimeZone());
}

uint64_t FileBytes(const v1::BackupManifest& m) {
  uint64_t total = 0;
  for (const v1::BackupFile& f : m.files()) total += f.size();
  return total;
}

std::string Vector(const v1::VersionVector& vv, absl::string_view separator) {
  std::vector<std::string> parts;
  for (const auto& e : vv.entries()) parts.push_back(absl::StrCat(e.origin(), " ", e.seq()));
  return absl::StrJoin(parts, separator);
}

}  // namespace

absl::Status PrintBackupManifest(const v1::BackupManifest& m, const OutputOptions& options,
                                 std::ostream& out) {
  const std::string role = values::EnumWord(m.role());
  switch (options.format) {
    case OutputFormat::kJson:
      return internal::WriteJson(m, out);
    case OutputFormat::kCsv: {
      TextTable table({TextColumn{"satker"}, TextColumn{"replica_id"}, TextColumn{"role"},
                       TextColumn{"created"}, TextColumn{"changes_held"}, TextColumn{"files"},
                       TextColumn{"bytes"}, TextColumn{"protocol_version"},
                       TextColumn{"storage_version"}, TextColumn{"version_vector"}});
      table.AddRow({m.satker(), m.replica_id(), role, TakenAt(m.created_unix_ms()),
                    absl::StrCat(m.changes_held()), absl::StrCat(m.files_size()),
                    absl::StrCat(FileBytes(m)), absl::StrCat(m.protocol_version()),
                    absl::StrCat(m.storage_version()), Vector(m.version_vector(), "; ")});
      table.WriteCsv(out);
      return absl::OkStatus();
    }
    case OutputFormat::kTable: {
      TextTable table = internal::NameValueTable();
      table.AddRow({"satker", m.satker()});
      table.AddRow({"replica", m.replica_id()});
      table.AddRow({"role", role});
      table.AddRow({"taken", TakenAt(m.created_unix_ms())});
      table.AddRow({"changes held", absl::StrCat(m.changes_held())});
      table.AddRow(
          {"versions",
           absl::StrCat("archive ", m.format_version(), ", protocol ", m.protocol_version(),
                        ", storage ", m.storage_version(), ", kinerjad ", m.daemon_version())});
      table.AddRow({"files", absl::StrCat(m.files_size(), " (", FileBytes(m), " bytes)")});
      bool first = true;
      for (const auto& e : m.version_vector().entries()) {
        table.AddRow({first ? "vector" : "", absl::StrCat(e.origin(), " ", e.seq())});
        first = false;
      }
      table.AddRow({"sha-256", "ok"});
      table.WriteAligned(out, /*with_header=*/false);
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace kinerja::client
