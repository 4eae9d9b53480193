// PgStore: the sink's end in PostgreSQL. Creates the tables of schema.sql, reads the feed
// cursor they are consistent with, and applies a batch of national rollup changes together
// with the new cursor in one transaction.
#ifndef KINERJA_SINK_PG_STORE_H_
#define KINERJA_SINK_PG_STORE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "kinerja/v1/query.pb.h"

namespace kinerja::sink {

struct PgStoreOptions {
  // libpq connection string or URI ("host=127.0.0.1 port=5432 dbname=kinerja user=sink").
  // Default: "" (libpq's environment variables and defaults).
  std::string dsn;
  // Name of the feed's row in kinerja_feed_cursor; one database can hold several sinks'
  // cursors (they then share the rollup tables). Default: "national".
  std::string feed_name = "national";
};

// Not thread-safe: one thread uses a PgStore.
//
// Errors: UNAVAILABLE when PostgreSQL cannot be reached or the connection is lost (including
// a server shutting down, and a commit whose outcome is unknown: the batch is then applied
// again from the stored cursor, which is a no-op if it had committed); INTERNAL for any other
// database error. After any error the connection is dropped and the next call reconnects.
class PgStore {
 public:
  // A streamed batch of feed changes.
  using Changes = google::protobuf::RepeatedPtrField<v1::RollupChange>;

  explicit PgStore(PgStoreOptions options);
  ~PgStore();
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  // Connects if not connected, creates the tables and view (IF NOT EXISTS) and the feed's
  // cursor row (0) if missing, and prepares the statements.
  [[nodiscard]] absl::Status Connect();

  // The last cursor applied (0: nothing yet). Connects if needed.
  [[nodiscard]] absl::StatusOr<uint64_t> ReadCursor();

  // Applies `changes` (consecutive feed cursors, ascending) and sets the stored cursor to the
  // last one, all in one transaction. A change writes its row only if its cursor is newer
  // than the last one stored for that row key (kinerja_feed_rows), so changes already
  // applied are no-ops. ABORTED if the stored cursor is not changes[0].cursor() - 1 (another
  // writer or an operator moved it: resume from the stored cursor); INVALID_ARGUMENT for a
  // change whose row key or row is malformed (nothing of the batch is applied).
  // REQUIRES: !changes.empty().
  [[nodiscard]] absl::Status Apply(const Changes& changes);

  // Drops the connection (the next call reconnects).
  void Disconnect();

 private:
  struct Connection;
  [[nodiscard]] absl::Status ApplyLocked(const Changes& changes);

  const PgStoreOptions options_;
  std::unique_ptr<Connection> conn_;
};

}  // namespace kinerja::sink

#endif  // KINERJA_SINK_PG_STORE_H_
