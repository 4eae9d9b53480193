// kinerja-sink: hands national's rollups to PostgreSQL, where BI tools read them.
//   kinerja-sink postgres --feed HOST:PORT --dsn DSN [--name NAME] [--once]
// Exit codes: 0 done (--once), 1 failed, 2 usage error, 3 an end unreachable (--once only).
// Stop it with SIGTERM or SIGINT at any time: an open transaction is rolled back by
// PostgreSQL, and the next start resumes from the cursor stored with the last commit.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "absl/time/time.h"
#include "sink/feed_follower.h"
#include "sink/pg_store.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnreachable = 3;

struct PostgresArgs {
  std::string feed;
  std::string dsn;
  std::string name = "national";
  bool once = false;
  std::string initial_backoff = "100ms";
  std::string max_backoff = "30s";
};

// A CLI11 check that the value parses as an absl::Duration ("100ms", "30s", "2m").
CLI::Validator PositiveDuration() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        absl::Duration d;
        if (!absl::ParseDuration(value, &d) || d <= absl::ZeroDuration() ||
            d == absl::InfiniteDuration()) {
          return "expected a positive duration like 100ms, 30s or 2m, got \"" + value + "\"";
        }
        return "";
      },
      "DURATION");
}

int RunPostgres(const PostgresArgs& args) {
  kinerja::sink::PgStoreOptions store_options;
  store_options.dsn = args.dsn;
  store_options.feed_name = args.name;
  kinerja::sink::PgStore store(store_options);
  kinerja::sink::FeedFollowerOptions options;
  options.feed_address = args.feed;
  options.follow = !args.once;
  // Both were checked by PositiveDuration.
  (void)absl::ParseDuration(args.initial_backoff, &options.initial_backoff);
  (void)absl::ParseDuration(args.max_backoff, &options.max_backoff);
  kinerja::sink::FeedFollower follower(options, &store, &std::cerr);
  const absl::Status st = follower.Run();
  if (st.ok()) return kExitOk;
  std::cerr << "kinerja-sink: " << st.message() << "\n";
  return st.code() == absl::StatusCode::kUnavailable ? kExitUnreachable : kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("kinerja-sink: copies national's rollups into another database");
  app.require_subcommand(1);
  PostgresArgs args;
  CLI::App* pg = app.add_subcommand(
      "postgres", "Follow national's rollup feed into PostgreSQL tables (sink/schema.sql)");
  pg->add_option("--feed", args.feed,
                 "HOST:PORT of national kinerjad's admin listener (serves the rollup feed)")
      ->required();
  pg->add_option("--dsn", args.dsn,
                 "libpq connection string or URI, e.g. \"host=db port=5432 dbname=kinerja "
                 "user=sink\" (default: libpq's PG* environment variables)");
  pg->add_option("--name", args.name, "Name of this feed's row in kinerja_feed_cursor")
      ->capture_default_str();
  pg->add_flag("--once", args.once,
               "Apply what national holds now, then exit (default: follow until stopped)");
  pg->add_option("--initial-backoff", args.initial_backoff,
                 "First wait before reconnecting after a failure; doubled per failure")
      ->check(PositiveDuration())
      ->capture_default_str();
  pg->add_option("--max-backoff", args.max_backoff, "Longest wait between reconnects")
      ->check(PositiveDuration())
      ->capture_default_str();
  pg->footer(
      "Creates the tables kinerja_rollup_satker, kinerja_rollup_bulan, kinerja_rollup_program, "
      "kinerja_rollup_indikator, kinerja_feed_cursor, kinerja_feed_rows and the view "
      "kinerja_penyerapan if missing (sink/schema.sql), then applies every rollup change after "
      "the cursor stored in kinerja_feed_cursor: each streamed batch and the new cursor in one "
      "transaction, each row only if the change is newer than the row's stored cursor (a "
      "replay is a no-op). When national or PostgreSQL cannot be reached it retries with "
      "exponential backoff and resumes from the stored cursor; it never skips a cursor (a gap "
      "in the feed is an error, exit 1).\n\n"
      "Exit codes: 0 caught up (--once), 1 failed, 2 usage error, 3 national or PostgreSQL "
      "unreachable (--once; without it, unreachable ends are retried).\n\n"
      "Example:\n"
      "  kinerja-sink postgres --feed 127.0.0.1:7001 --dsn 'host=127.0.0.1 dbname=kinerja'");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return RunPostgres(args);
}
