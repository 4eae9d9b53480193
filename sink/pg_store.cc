#include "sink/pg_store.h"

#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sink/rollup_rows.h"
#include "sink/schema_sql.h"

namespace kinerja::sink {

struct PgStore::Connection {
  explicit Connection(const std::string& dsn) : conn(dsn) {}
  pqxx::connection conn;
};

namespace {

// Statements, prepared once per connection. Each data statement also checks the row's own
// cursor, so it can never move a row back even if kinerja_feed_rows were edited by hand.
constexpr std::pair<const char*, const char*> kStatements[] = {
    {"cursor_init",
     "INSERT INTO kinerja_feed_cursor (feed, cursor) VALUES ($1, 0) ON CONFLICT DO NOTHING"},
    {"cursor_get", "SELECT cursor FROM kinerja_feed_cursor WHERE feed = $1"},
    {"cursor_lock", "SELECT cursor FROM kinerja_feed_cursor WHERE feed = $1 FOR UPDATE"},
    {"cursor_set",
     "UPDATE kinerja_feed_cursor SET cursor = $2, updated_at = now() WHERE feed = $1"},
    {"guard",
     "INSERT INTO kinerja_feed_rows AS r (row_key, cursor, deleted) VALUES ($1, $2, $3) "
     "ON CONFLICT (row_key) DO UPDATE SET cursor = excluded.cursor, deleted = excluded.deleted "
     "WHERE r.cursor < excluded.cursor RETURNING 1"},
    {"satker_put",
     "INSERT INTO kinerja_rollup_satker AS t (tahun, satker, pagu, realisasi, "
     "realisasi_tahunan, lines, records, cursor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
     "ON CONFLICT (tahun, satker) DO UPDATE SET pagu = excluded.pagu, "
     "realisasi = excluded.realisasi, realisasi_tahunan = excluded.realisasi_tahunan, "
     "lines = excluded.lines, records = excluded.records, cursor = excluded.cursor "
     "WHERE t.cursor < excluded.cursor"},
    {"bulan_put",
     "INSERT INTO kinerja_rollup_bulan AS t (tahun, satker, bulan, realisasi, laporan, cursor) "
     "SELECT $1, $2, u.b, u.r, u.l, $6 "
     "FROM unnest($3::smallint[], $4::bigint[], $5::integer[]) AS u (b, r, l) "
     "ON CONFLICT (tahun, satker, bulan) DO UPDATE SET realisasi = excluded.realisasi, "
     "laporan = excluded.laporan, cursor = excluded.cursor WHERE t.cursor < excluded.cursor"},
    {"satker_del",
     "DELETE FROM kinerja_rollup_satker WHERE tahun = $1 AND satker = $2 AND cursor < $3"},
    {"bulan_del",
     "DELETE FROM kinerja_rollup_bulan WHERE tahun = $1 AND satker = $2 AND cursor < $3"},
    {"program_put",
     "INSERT INTO kinerja_rollup_program AS t (tahun, satker, program_kode, program, pagu, "
     "realisasi, cursor) VALUES ($1, $2, $3, $4, $5, $6, $7) "
     "ON CONFLICT (tahun, satker, program_kode) DO UPDATE SET program = excluded.program, "
     "pagu = excluded.pagu, realisasi = excluded.realisasi, cursor = excluded.cursor "
     "WHERE t.cursor < excluded.cursor"},
    {"program_del",
     "DELETE FROM kinerja_rollup_program WHERE tahun = $1 AND satker = $2 AND "
     "program_kode = $3 AND cursor < $4"},
    {"indikator_put",
     "INSERT INTO kinerja_rollup_indikator AS t (tahun, satker, jumlah, dengan_target, "
     "dengan_realisasi, tercapai, cursor) VALUES ($1, $2, $3, $4, $5, $6, $7) "
     "ON CONFLICT (tahun, satker) DO UPDATE SET jumlah = excluded.jumlah, "
     "dengan_target = excluded.dengan_target, dengan_realisasi = excluded.dengan_realisasi, "
     "tercapai = excluded.tercapai, cursor = excluded.cursor WHERE t.cursor < excluded.cursor"},
    {"indikator_del",
     "DELETE FROM kinerja_rollup_indikator WHERE tahun = $1 AND satker = $2 AND cursor < $3"},
};

// The first line of a libpq/libpqxx message (they end with a newline, some span lines).
std::string FirstLine(const char* what) {
  std::string s(what);
  const size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

// SQLSTATE classes that mean "the server went away or is starting/stopping": retry later.
bool IsTransientState(const std::string& sqlstate) {
  const std::string cls = sqlstate.substr(0, 2);
  return cls == "08" || cls == "57" || cls == "53" || cls == "40";
}

// A PostgreSQL call's exception as a status. Must be called from inside a catch block.
absl::Status CurrentError(absl::string_view doing) {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL: ", doing, ": ", FirstLine(e.what())));
  } catch (const pqxx::in_doubt_error& e) {
    return absl::UnavailableError(
        absl::StrCat("PostgreSQL: ", doing, ": commit outcome unknown: ", FirstLine(e.what())));
  } catch (const pqxx::sql_error& e) {
    const std::string msg = absl::StrCat("PostgreSQL: ", doing, ": ", FirstLine(e.what()));
    return IsTransientState(e.sqlstate()) ? absl::UnavailableError(msg) : absl::InternalError(msg);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("PostgreSQL: ", doing, ": ", FirstLine(e.what())));
  }
}

// An array literal for a PostgreSQL array parameter: {1,2,3}.
template <typename T>
std::string ArrayLiteral(const T& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}

// Applies one change if it is newer than what is stored for its row. INVALID_ARGUMENT for a
// malformed change.
absl::Status ApplyChange(pqxx::work& w, const v1::RollupChange& c) {
  absl::StatusOr<SinkRowKey> key = ParseSinkRowKey(c);
  if (!key.ok()) return key.status();
  if (key->table == SinkTable::kIgnored) return absl::OkStatus();
  const int64_t cursor = static_cast<int64_t>(c.cursor());
  if (w.exec_prepared("guard", c.row_key(), cursor, c.deleted()).empty()) {
    return absl::OkStatus();  // Already applied (a replay) or superseded.
  }
  switch (key->table) {
    case SinkTable::kSatker: {
      if (c.deleted()) {
        w.exec_prepared("satker_del", key->tahun, key->satker, cursor);
        w.exec_prepared("bulan_del", key->tahun, key->satker, cursor);
        break;
      }
      const v1::BudgetFigures& f = c.row().total();
      w.exec_prepared("satker_put", key->tahun, key->satker, f.pagu_rupiah(), f.realisasi_rupiah(),
                      f.realisasi_tahunan(), f.lines(), f.records(), cursor);
      std::vector<int> bulan;
      std::vector<int64_t> realisasi;
      std::vector<uint32_t> laporan;
      for (int m = 0; m < 12; ++m) {
        bulan.push_back(m + 1);
        realisasi.push_back(m < f.realisasi_bulan_size() ? f.realisasi_bulan(m) : 0);
        laporan.push_back(m < f.laporan_bulan_size() ? f.laporan_bulan(m) : 0);
      }
      w.exec_prepared("bulan_put", key->tahun, key->satker, ArrayLiteral(bulan),
                      ArrayLiteral(realisasi), ArrayLiteral(laporan), cursor);
      break;
    }
    case SinkTable::kProgram: {
      if (c.deleted()) {
        w.exec_prepared("program_del", key->tahun, key->satker, key->program_kode, cursor);
        break;
      }
      const v1::ProgramRollup& p = c.row().program();
      w.exec_prepared("program_put", key->tahun, key->satker, key->program_kode, p.program(),
                      p.figures().pagu_rupiah(), p.figures().realisasi_rupiah(), cursor);
      break;
    }
    case SinkTable::kIndikator: {
      if (c.deleted()) {
        w.exec_prepared("indikator_del", key->tahun, key->satker, cursor);
        break;
      }
      const v1::IndikatorCounts& n = c.row().counts();
      w.exec_prepared("indikator_put", key->tahun, key->satker, n.jumlah(), n.dengan_target(),
                      n.dengan_realisasi(), n.tercapai(), cursor);
      break;
    }
    case SinkTable::kIgnored:
      break;
  }
  return absl::OkStatus();
}

}  // namespace

PgStore::PgStore(PgStoreOptions options) : options_(std::move(options)) {}

PgStore::~PgStore() = default;

void PgStore::Disconnect() { conn_.reset(); }

absl::Status PgStore::Connect() {
  if (conn_ != nullptr) return absl::OkStatus();
  try {
    auto conn = std::make_unique<Connection>(options_.dsn);
    {
      pqxx::work w(conn->conn);
      // Two sinks starting at once must not both create the tables.
      w.exec("SELECT pg_advisory_xact_lock(4242011)");
      w.exec(kSchemaSql);
      w.commit();
    }
    for (const auto& [name, sql] : kStatements) conn->conn.prepare(name, sql);
    {
      pqxx::work w(conn->conn);
      w.exec_prepared("cursor_init", options_.feed_name);
      w.commit();
    }
    conn_ = std::move(conn);
    return absl::OkStatus();
  } catch (...) {
    return CurrentError("connect");
  }
}

absl::StatusOr<uint64_t> PgStore::ReadCursor() {
  if (absl::Status st = Connect(); !st.ok()) return st;
  try {
    pqxx::work w(conn_->conn);
    const pqxx::result r = w.exec_prepared("cursor_get", options_.feed_name);
    w.commit();
    if (r.empty()) return absl::InternalError("PostgreSQL: kinerja_feed_cursor lost its row");
    return static_cast<uint64_t>(r[0][0].as<int64_t>());
  } catch (...) {
    conn_.reset();
    return CurrentError("read the feed cursor");
  }
}

absl::Status PgStore::Apply(const Changes& changes) {
  if (absl::Status st = Connect(); !st.ok()) return st;
  absl::Status st = ApplyLocked(changes);
  if (!st.ok()) conn_.reset();
  return st;
}

absl::Status PgStore::ApplyLocked(const Changes& changes) {
  try {
    pqxx::work w(conn_->conn);
    const pqxx::result r = w.exec_prepared("cursor_lock", options_.feed_name);
    if (r.empty()) return absl::InternalError("PostgreSQL: kinerja_feed_cursor lost its row");
    const uint64_t stored = static_cast<uint64_t>(r[0][0].as<int64_t>());
    if (stored + 1 != changes.Get(0).cursor()) {
      return absl::AbortedError(absl::StrCat("the stored feed cursor is ", stored,
                                             ", the batch starts at ", changes.Get(0).cursor(),
                                             ": resuming from the stored cursor"));
    }
    for (const v1::RollupChange& c : changes) {
      if (absl::Status st = ApplyChange(w, c); !st.ok()) return st;  // Rolls back.
    }
    w.exec_prepared("cursor_set", options_.feed_name,
                    static_cast<int64_t>(changes.Get(changes.size() - 1).cursor()));
    w.commit();
    return absl::OkStatus();
  } catch (...) {
    return CurrentError("apply");
  }
}

}  // namespace kinerja::sink
