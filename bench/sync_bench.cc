// End-to-end sync benchmark over loopback with real kinerjad processes and mutual TLS:
//  1. one office pushes N changes to its hub: changes/s and bytes on the wire per change
//     (counted by a TCP proxy between office and hub, both directions);
//  2. a hub receives from K offices at once: aggregate changes/s and bytes per change.
// Prints a table; asserts nothing.
//
//   sync_bench [--changes 100000] [--offices 50] [--per_office 2000] [--sync-FLAG VALUE...]
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/byte_counting_proxy.h"
#include "google/protobuf/util/json_util.h"
#include "kinerja/v1/admin.pb.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::bench {
namespace {

using testing::FreePort;
using testing::ReadFile;
using testing::Spawn;
using testing::WaitExit;

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Monthly budget rows making `records` records (13 per budget line: its pagu and 12 months).
std::string AnggaranCsv(const std::string& satker, uint64_t records) {
  std::string csv =
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n";
  const uint64_t lines = (records + 12) / 13;
  for (uint64_t l = 0; l < lines; ++l) {
    for (int m = 1; m <= 12; ++m) {
      absl::StrAppendFormat(
          &csv, "%s,2024,WA,Dukungan Manajemen,%d,%03d,Belanja Barang Operasional,B%02d,%s,%d\n",
          satker, 3000 + l / 1000, l % 1000, m, m == 1 ? absl::StrCat(150'000'000 + l * 1000) : "",
          1'000'000 + l * 37 + m * 11'000);
    }
  }
  return csv;
}

class Bench {
 public:
  Bench(int offices, std::vector<std::string> extra_flags) : extra_flags_(std::move(extra_flags)) {
    certs_ = dir_.Sub("certs");
    std::string registry =
        "kode,nama,tingkat,induk\nRI,KPU RI,nasional,\n36,KPU Banten,provinsi,RI\n";
    std::string nodes = "RI 36";
    for (int i = 1; i <= offices + 1; ++i) {
      const std::string code = Office(i);
      absl::StrAppend(&registry, code, ",Satker ", code, ",kabkota,36\n");
      absl::StrAppend(&nodes, " ", code);
    }
    registry_ = dir_.Sub("satker.csv");
    std::ofstream(registry_) << registry;
    const std::string cmd =
        absl::StrCat(KINERJA_SOURCE_DIR, "/deploy/gen-certs.sh ", certs_, " ", nodes);
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "gen-certs failed\n");
  }
  ~Bench() {
    for (auto& [name, pid] : pids_) {
      kill(pid, SIGKILL);
      WaitExit(pid);
    }
  }

  static std::string Office(int i) { return absl::StrFormat("36%03d", i); }

  // Starts kinerjad; returns its admin address.
  std::string Start(const std::string& node, const std::string& role, int sync_port,
                    int upstream_port) {
    const int admin = FreePort();
    std::vector<std::string> args = {
        KINERJAD_PATH, "--node", node, "--role", role, "--listen",
        absl::StrCat("127.0.0.1:", sync_port), "--admin-listen", absl::StrCat("127.0.0.1:", admin),
        "--data-dir", dir_.Sub(absl::StrCat("data-", node)), "--registry", registry_, "--tls-cert",
        absl::StrCat(certs_, "/", node, ".pem"), "--tls-key",
        absl::StrCat(certs_, "/", node, ".key"), "--tls-ca", absl::StrCat(certs_, "/ca.pem"),
        // Only `sync now` moves data: no background session muddles the timing.
        "--sync-initial-backoff-ms", "600000", "--sync-max-backoff-ms", "600000",
        "--sync-interval-ms", "3600000"};
    args.insert(args.end(), extra_flags_.begin(), extra_flags_.end());
    if (upstream_port > 0) {
      args.push_back("--upstream");
      args.push_back(absl::StrCat("127.0.0.1:", upstream_port));
    }
    const std::string log = dir_.Sub(absl::StrCat("log-", node));
    pids_[node] = Spawn(args, log, log);
    const std::string addr = absl::StrCat("127.0.0.1:", admin);
    for (int i = 0; i < 200; ++i) {
      if (Ctl(addr, {"status"}) == 0) return addr;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::fprintf(stderr, "kinerjad %s did not start:\n%s\n", node.c_str(), ReadFile(log).c_str());
    std::exit(1);
  }

  int Ctl(const std::string& addr, std::vector<std::string> args, std::string* out = nullptr) {
    args.insert(args.begin(), {KINERJACTL_PATH, "--addr", addr});
    const std::string path = dir_.Sub(absl::StrCat("ctl-", ++ctl_runs_));
    const int rc = WaitExit(Spawn(args, path, path + ".err"));
    if (out != nullptr) *out = ReadFile(path);
    return rc;
  }

  pid_t CtlAsync(const std::string& addr, std::vector<std::string> args) {
    args.insert(args.begin(), {KINERJACTL_PATH, "--addr", addr});
    return Spawn(args, "/dev/null", "/dev/null");
  }

  uint64_t Held(const std::string& addr) {
    std::string out;
    Ctl(addr, {"status", "-o", "json"}, &out);
    v1::StatusResponse s;
    if (!google::protobuf::util::JsonStringToMessage(out, &s).ok()) return 0;
    return s.changes_held();
  }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path) << content;
    return path;
  }

 private:
  testing::TempDir dir_;
  std::string certs_, registry_;
  std::map<std::string, pid_t> pids_;
  const std::vector<std::string> extra_flags_;
  int ctl_runs_ = 0;
};

int Main(int argc, char** argv) {
  uint64_t changes = 100'000;
  int offices = 50;
  uint64_t per_office = 2'000;
  std::vector<std::string> flags;  // Passed to every kinerjad.
  for (int i = 1; i + 1 < argc; i += 2) {
    bool ok = true;
    if (absl::StartsWith(argv[i], "--sync-")) {
      flags.push_back(argv[i]);
      flags.push_back(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--changes") == 0) {
      ok = absl::SimpleAtoi(argv[i + 1], &changes);
    } else if (std::strcmp(argv[i], "--offices") == 0) {
      ok = absl::SimpleAtoi(argv[i + 1], &offices);
    } else if (std::strcmp(argv[i], "--per_office") == 0) {
      ok = absl::SimpleAtoi(argv[i + 1], &per_office);
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr,
                   "usage: %s [--changes N] [--offices K] [--per_office N] [--sync-* V (kinerjad "
                   "flags)]\n",
                   argv[0]);
      return 2;
    }
  }
  Bench bench(offices, flags);
  const int hub_port = FreePort();
  const std::string hub = bench.Start("36", "province", hub_port, FreePort() /* national down */);

  // 1. One office, N changes.
  const int proxy_port = FreePort();
  const std::string office =
      bench.Start(Bench::Office(offices + 1), "office", FreePort(), proxy_port);
  const std::string file = bench.Write("one.csv", AnggaranCsv(Bench::Office(offices + 1), changes));
  auto t = std::chrono::steady_clock::now();
  std::string out;
  if (bench.Ctl(office, {"import", "anggaran", file}, &out) != 0) {
    std::fprintf(stderr, "import failed\n");
    return 1;
  }
  const double import_secs = Since(t);
  const uint64_t records = bench.Held(office);
  double one_secs;
  uint64_t one_bytes;
  {
    ByteCountingProxy proxy(proxy_port, hub_port);
    t = std::chrono::steady_clock::now();
    if (bench.Ctl(office, {"sync", "--timeout", "600s"}, &out) != 0) {
      std::fprintf(stderr, "sync failed: %s\n", out.c_str());
      return 1;
    }
    one_secs = Since(t);
    one_bytes = proxy.upstream_bytes() + proxy.downstream_bytes();
    std::printf("one office -> hub: %s", out.c_str());
    std::printf("  bytes up %llu, down %llu\n",
                static_cast<unsigned long long>(proxy.upstream_bytes()),
                static_cast<unsigned long long>(proxy.downstream_bytes()));
  }
  const uint64_t hub_after_one = bench.Held(hub);

  // 2. K offices at once.
  const int proxy2_port = FreePort();
  std::vector<std::string> admins;
  for (int i = 1; i <= offices; ++i) {
    admins.push_back(bench.Start(Bench::Office(i), "office", FreePort(), proxy2_port));
    const std::string f =
        bench.Write(absl::StrCat("o", i, ".csv"), AnggaranCsv(Bench::Office(i), per_office));
    if (bench.Ctl(admins.back(), {"import", "anggaran", f}) != 0) return 1;
  }
  double many_secs;
  uint64_t many_bytes;
  {
    ByteCountingProxy proxy(proxy2_port, hub_port);
    t = std::chrono::steady_clock::now();
    std::vector<pid_t> syncs;
    for (const auto& a : admins) syncs.push_back(bench.CtlAsync(a, {"sync", "--timeout", "600s"}));
    int failed = 0;
    for (pid_t p : syncs) failed += WaitExit(p) != 0;
    many_secs = Since(t);
    many_bytes = proxy.upstream_bytes() + proxy.downstream_bytes();
    if (failed > 0) std::fprintf(stderr, "%d office syncs failed\n", failed);
  }
  const uint64_t many_records = bench.Held(hub) - hub_after_one;

  std::printf("\n%-44s %10s %12s %10s %12s\n", "sync over loopback (mTLS, gzip, fsync)", "changes",
              "changes/s", "seconds", "bytes/chg");
  std::printf("%-44s %10llu %12.0f %10.2f %12s\n", "  office import (local, kinerjactl import)",
              static_cast<unsigned long long>(records), records / import_secs, import_secs, "-");
  std::printf("%-44s %10llu %12.0f %10.2f %12.1f\n", "  one office -> hub",
              static_cast<unsigned long long>(hub_after_one), hub_after_one / one_secs, one_secs,
              static_cast<double>(one_bytes) / hub_after_one);
  std::printf("%-44s %10llu %12.0f %10.2f %12.1f\n",
              absl::StrCat("  ", offices, " offices -> hub at once").c_str(),
              static_cast<unsigned long long>(many_records), many_records / many_secs, many_secs,
              static_cast<double>(many_bytes) / many_records);
  return 0;
}

}  // namespace
}  // namespace kinerja::bench

int main(int argc, char** argv) { return kinerja::bench::Main(argc, argv); }
