// End-to-end under faults (issue 10, "kill -9 loop"): national, a province hub and two of its
// offices, real kinerjad processes with mutual TLS on 127.0.0.1, each child's upstream behind
// a FlakyProxy that cuts, stalls and caps the link at 64 kbit/s. The offices import 20,000
// changes in chunks through kinerjactl while everything syncs, and random nodes are SIGKILLed
// (30 kills) and restarted. Then the links heal, every node is up, and `kinerjactl sync` runs
// until the cluster is quiescent. Through kinerjactl: no acknowledged row lost, none twice,
// each office's digest equal at the office, the hub and national, dense vectors, nothing
// waiting to go up and no conflict.
//
// An import cut by a kill is unknown, not lost: it is imported again (an import is whole or
// nothing, and importing a held row again changes nothing), so at the end every chunk is
// acknowledged and each office's origin holds exactly one change per row.
//
// Seeded: the seed is printed (KINERJA_KILL_LOOP_SEED replays the kills' and faults' choices;
// the processes' own timing does not replay). For soak runs outside CI:
// KINERJA_KILL_LOOP_KILLS (default 30), KINERJA_KILL_LOOP_CHANGES (default 20000) and
// KINERJA_KILL_LOOP_MINUTES (go on killing for at least this long; default 0).
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.pb.h"
#include "storage/entity_key.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"
#include "tests/testing/flaky_proxy.h"

namespace kinerja::e2e {
namespace {

using testing::FlakyProxy;
using testing::LinkFaults;

const std::vector<std::string> kNodes = {"RI", "36", "3604", "3603"};
const std::vector<std::string> kOffices = {"3604", "3603"};
constexpr int kChunksPerOffice = 20;
constexpr int kMonths = 12;  // Each budget line: its pagu and 12 monthly realisations.

uint64_t EnvOr(const char* name, uint64_t fallback) {
  uint64_t v = 0;
  const char* text = std::getenv(name);
  return text != nullptr && absl::SimpleAtoi(text, &v) ? v : fallback;
}

int PortOf(const std::string& address) {
  int port = 0;
  EXPECT_TRUE(absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &port)) << address;
  return port;
}

// One chunk of an office's budget: `lines` budget lines numbered from `first_line` (unique
// across chunks, so every row is a distinct key), each a pagu row and 12 monthly rows.
struct Chunk {
  std::string csv;
  std::vector<std::string> keys;  // The storage key of every record it creates.
};

Chunk MakeChunk(const std::string& satker, int first_line, int lines) {
  Chunk c;
  c.csv =
      "satker;tahun;program_kode;program;kegiatan_kode;rincian_kode;kegiatan;periode;pagu;"
      "realisasi\n";
  for (int l = first_line; l < first_line + lines; ++l) {
    const std::string kegiatan = absl::StrCat(3000 + l / 1000);
    const std::string rincian = absl::StrFormat("%03d", l % 1000);
    c.keys.push_back(storage::RecordKey(satker, 2024, storage::kKindPagu, {kegiatan, rincian}));
    for (int m = 1; m <= kMonths; ++m) {
      const std::string periode = absl::StrFormat("B%02d", m);
      absl::StrAppendFormat(&c.csv, "%s;2024;WA;Dukungan Manajemen;%s;%s;Layanan Kantor;%s;%s;%d\n",
                            satker, kegiatan, rincian, periode,
                            m == 1 ? absl::StrCat(50'000'000 + l) : "", 1000 * m + l);
      c.keys.push_back(
          storage::RecordKey(satker, 2024, storage::kKindBelanja, {kegiatan, rincian, periode}));
    }
  }
  return c;
}

// An office's writes: its chunk files, which have been acknowledged, and the import running.
struct OfficeWrites {
  std::vector<std::string> files;
  std::vector<Chunk> chunks;
  size_t next = 0;    // The first chunk not yet acknowledged (they go in order).
  pid_t import = -1;  // kinerjactl import of chunk `next`, running.
  int unknown = 0;    // Imports that ended without an acknowledgement (a kill, a restart).
  int attempts = 0;   // Imports started.
  std::set<std::string> acknowledged;  // Keys of acknowledged chunks.
};

// The faults a link cycles through while the loop runs: cuts, stalls, 64 kbit/s, clean.
LinkFaults FaultsOfPhase(int phase) {
  LinkFaults f;
  switch (phase % 4) {
    case 0:
      f.cut_after_min = absl::Milliseconds(100);
      f.cut_after_max = absl::Milliseconds(1500);
      break;
    case 1:
      f.stall_every = absl::Milliseconds(800);
      f.stall_for = absl::Milliseconds(600);
      break;
    case 2:
      f.bytes_per_second = 8000;  // 64 kbit/s.
      break;
    default:
      break;  // A clean spell: the link works.
  }
  return f;
}

class KillLoopE2eTest : public ::testing::Test {
 protected:
  KillLoopE2eTest() : cluster_(kBantenRegistry) {}

  // The node's status, or an empty one if kinerjactl failed (the caller's check then fails).
  v1::StatusResponse StatusOf(const std::string& node) { return Status(cluster_, node); }

  std::string DigestOf(const std::string& node, const std::string& satker) {
    return ParseJson<v1::DigestResponse>(
               cluster_.Ctl(node, {"digest", "--satker", satker, "-o", "json"}))
        .digest();
  }

  v1::ListResponse ListOf(const std::string& node, const std::string& satker) {
    return ParseJson<v1::ListResponse>(
        cluster_.Ctl(node, {"ls", "--satker", satker, "-o", "json"}));
  }

  // Reaps a finished import of `o`; starts the next one when none runs and `o` is up.
  void DriveImports(const std::string& office, OfficeWrites* o, const std::set<std::string>& down) {
    if (o->import > 0) {
      int wstatus = 0;
      if (waitpid(o->import, &wstatus, WNOHANG) != o->import) return;  // Still running.
      o->import = -1;
      if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) {
        o->acknowledged.insert(o->chunks[o->next].keys.begin(), o->chunks[o->next].keys.end());
        ++o->next;
      } else {
        ++o->unknown;  // Cut by a kill: imported again below.
      }
    }
    if (o->next < o->chunks.size() && down.count(office) == 0) {
      o->import = cluster_.CtlAsync(office, {"import", "anggaran", o->files[o->next]});
      ++o->attempts;
    }
  }

  // `kinerjactl sync` at every child, bottom-up then down again, until nothing waits to go up
  // and each office's digest is the same at the office, the hub and national.
  bool SyncUntilQuiescent(int* rounds) {
    for (*rounds = 1; *rounds <= 30; ++*rounds) {
      for (const char* node : {"3604", "3603", "36", "3604", "3603"}) {
        cluster_.Ctl(node, {"sync", "--timeout", "60s"});  // Failures show in the check below.
      }
      bool quiet = true;
      for (const char* node : {"36", "3604", "3603"}) {
        quiet = quiet && StatusOf(node).waiting_up() == 0;
      }
      for (const std::string& office : kOffices) {
        const std::string at_office = DigestOf(office, office);
        quiet = quiet && DigestOf("36", office) == at_office && DigestOf("RI", office) == at_office;
      }
      if (quiet) return true;
    }
    return false;
  }

  Cluster cluster_;
};

TEST_F(KillLoopE2eTest, KillsUnderAFlakyLinkLoseAndDuplicateNothing) {
  const uint64_t seed =
      EnvOr("KINERJA_KILL_LOOP_SEED", static_cast<uint64_t>(absl::ToUnixNanos(absl::Now())));
  const int kills = static_cast<int>(EnvOr("KINERJA_KILL_LOOP_KILLS", 30));
  const uint64_t changes = EnvOr("KINERJA_KILL_LOOP_CHANGES", 20'000);
  const absl::Duration soak = absl::Minutes(EnvOr("KINERJA_KILL_LOOP_MINUTES", 0));
  std::printf("kill loop: seed %llu (KINERJA_KILL_LOOP_SEED replays it), %d kills, %llu changes\n",
              static_cast<unsigned long long>(seed), kills,
              static_cast<unsigned long long>(changes));
  std::mt19937_64 rng(seed);
  const absl::Time start = absl::Now();

  cluster_.Add("RI", "RI", "national", "");
  cluster_.Add("36", "36", "province", "RI");
  for (const std::string& office : kOffices) cluster_.Add(office, office, "office", "36");
  // Each child dials its upstream through its own flaky link.
  std::map<std::string, std::unique_ptr<FlakyProxy>> links;
  for (const std::string child : {"36", "3604", "3603"}) {
    const std::string parent = child == "36" ? "RI" : "36";
    const int port = testing::FreePort();
    auto proxy = FlakyProxy::Listen(port, PortOf(cluster_.SyncAddress(parent)), seed + port);
    ASSERT_TRUE(proxy.ok()) << proxy.status();
    links[child] = *std::move(proxy);
    cluster_.SetUpstreamAddress(child, absl::StrCat("127.0.0.1:", port));
  }
  for (const std::string& node : kNodes) ASSERT_NO_FATAL_FAILURE(cluster_.Start(node));

  // Each office's rows, in chunks of whole budget lines (13 records a line).
  const int lines_per_chunk =
      std::max<int>(1, static_cast<int>((changes / kOffices.size() + kChunksPerOffice * 13 - 1) /
                                        (kChunksPerOffice * 13)));
  std::map<std::string, OfficeWrites> writes;
  for (const std::string& office : kOffices) {
    OfficeWrites& o = writes[office];
    for (int c = 0; c < kChunksPerOffice; ++c) {
      o.chunks.push_back(MakeChunk(office, c * lines_per_chunk, lines_per_chunk));
      o.files.push_back(
          cluster_.WriteFile(absl::StrCat(office, "-", c, ".csv"), o.chunks.back().csv));
    }
  }
  uint64_t rows = 0;
  for (const auto& [office, o] : writes) {
    for (const Chunk& c : o.chunks) rows += c.keys.size();
  }

  // The loop: imports run at the offices while the links change faults every 2 s and a random
  // node is SIGKILLed every ~1.5 s, to be restarted 0.1-2 s later.
  std::set<std::string> down;
  std::map<std::string, absl::Time> restart_at;
  std::map<std::string, int> kills_of;
  int killed = 0, phase = 0;
  absl::Time next_kill = absl::Now() + absl::Seconds(1);
  absl::Time next_phase = absl::Now();
  auto writing = [&] {
    for (const auto& [office, o] : writes) {
      if (o.next < o.chunks.size()) return true;
    }
    return false;
  };
  while (writing() || killed < kills || absl::Now() < start + soak || !down.empty()) {
    for (auto& [office, o] : writes) DriveImports(office, &o, down);
    const absl::Time now = absl::Now();
    if (now >= next_phase) {
      for (auto& [child, link] : links) link->SetFaults(FaultsOfPhase(phase + int(rng() % 4)));
      ++phase;
      next_phase = now + absl::Seconds(2);
    }
    if (now >= next_kill && (killed < kills || now < start + soak)) {
      const std::string& victim = kNodes[rng() % kNodes.size()];
      if (down.count(victim) == 0) {
        cluster_.Kill(victim);
        ++killed;
        ++kills_of[victim];
        down.insert(victim);
        restart_at[victim] = now + absl::Milliseconds(100 + static_cast<int64_t>(rng() % 1900));
      }
      next_kill = now + absl::Milliseconds(1000 + static_cast<int64_t>(rng() % 1000));
    }
    for (auto it = restart_at.begin(); it != restart_at.end();) {
      if (absl::Now() < it->second) {
        ++it;
        continue;
      }
      ASSERT_NO_FATAL_FAILURE(cluster_.Start(it->first)) << "restart after kill " << killed;
      down.erase(it->first);
      it = restart_at.erase(it);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // Polls the processes.
  }
  const absl::Duration loop_time = absl::Now() - start;

  // What reached national through the faults, before anything heals.
  const uint64_t national_before_heal = StatusOf("RI").changes_held();
  // Heal: clean links, every node up (they are), sync until quiescent.
  for (auto& [child, link] : links) link->Heal();
  int rounds = 0;
  const bool quiet = SyncUntilQuiescent(&rounds);
  EXPECT_TRUE(quiet) << "not quiescent after " << rounds - 1 << " sync rounds";

  uint64_t cuts = 0, stalls = 0, bytes = 0;
  for (const auto& [child, link] : links) {
    cuts += link->cuts();
    stalls += link->stalls();
    bytes += link->upstream_bytes() + link->downstream_bytes();
  }
  std::printf(
      "kill loop: %d kills, %llu rows (changes) acknowledged of %llu written, imports %d started "
      "/ %d unknown; links: %llu cuts, %llu stalls, %llu bytes; loop %s, healed in %d sync rounds, "
      "total %s\n",
      killed,
      static_cast<unsigned long long>(writes["3604"].acknowledged.size() +
                                      writes["3603"].acknowledged.size()),
      static_cast<unsigned long long>(rows), writes["3604"].attempts + writes["3603"].attempts,
      writes["3604"].unknown + writes["3603"].unknown, static_cast<unsigned long long>(cuts),
      static_cast<unsigned long long>(stalls), static_cast<unsigned long long>(bytes),
      absl::FormatDuration(loop_time).c_str(), rounds,
      absl::FormatDuration(absl::Now() - start).c_str());
  std::printf("kill loop: national held %llu changes when the links healed\n",
              static_cast<unsigned long long>(national_before_heal));
  std::printf("kill loop: kills of RI %d, 36 %d, 3604 %d, 3603 %d\n", kills_of["RI"],
              kills_of["36"], kills_of["3604"], kills_of["3603"]);
  EXPECT_GE(killed, kills);

  std::map<std::string, v1::StatusResponse> status;
  for (const std::string& node : kNodes) status[node] = StatusOf(node);
  for (const std::string& office : kOffices) {
    const OfficeWrites& o = writes.at(office);
    ASSERT_EQ(o.next, o.chunks.size());
    ASSERT_EQ(o.acknowledged.size(), rows / kOffices.size());  // Every key distinct.
    const std::string origin = status[office].replica_id();
    for (const std::string& node : {office, std::string("36"), std::string("RI")}) {
      SCOPED_TRACE(absl::StrCat(office, "'s records at ", node));
      // 0 lost, 0 duplicated: exactly the acknowledged keys, each once.
      const v1::ListResponse listed = ListOf(node, office);
      std::set<std::string> keys;
      for (const v1::Entry& e : listed.entries()) {
        EXPECT_TRUE(keys.insert(e.key()).second) << "listed twice: " << e.key();
        EXPECT_FALSE(e.conflict()) << e.key();
      }
      EXPECT_EQ(static_cast<uint64_t>(listed.entries_size()), o.acknowledged.size());
      EXPECT_TRUE(keys == o.acknowledged) << "the acknowledged rows and those held differ";
      // One change per row, densely numbered: an import again changed nothing.
      EXPECT_EQ(Held(status[node], origin), o.acknowledged.size());
      EXPECT_EQ(DigestOf(node, office), DigestOf(office, office));
    }
  }
  EXPECT_EQ(DigestOf("RI", "36"), DigestOf("36", "36"));
  for (const std::string& node : kNodes) {
    EXPECT_EQ(status[node].conflicts(), 0u) << node;
    EXPECT_EQ(status[node].refused_changes(), 0u) << node;
    EXPECT_EQ(status[node].write_refused(), "") << node;
    if (node != "RI") {
      EXPECT_EQ(status[node].waiting_up(), 0u) << node;
    }
  }
  EXPECT_EQ(status["RI"].changes_held(), rows);
  for (const std::string& node : kNodes) cluster_.Stop(node);
}

}  // namespace
}  // namespace kinerja::e2e
