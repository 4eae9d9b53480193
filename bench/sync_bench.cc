// End-to-end sync benchmark over loopback with real kinerjad processes and mutual TLS:
//  1. one office pushes N changes to its hub: changes/s and bytes on the wire per change
//     (counted by a TCP proxy between office and hub, both directions);
//  2. a hub receives from K offices at once: aggregate changes/s and bytes per change, and the
//     hub's peak resident memory (VmHWM from /proc/PID/status: the load figure of issue 10,
//     50 offices x 2,000 changes within 256 MB; `--changes 0` leaves phase 1 out so that the
//     peak is this phase's alone).
// Prints a table; asserts nothing. Only `kinerjactl sync` moves data: each office's background
// loop fails its first attempt (nothing listens yet) and backs off before the proxy opens.
// Each kinerjad is waited for until it logs "ready:". Any failure prints one line naming the
// node or step and why (with the tail of the node's log), and the bench exits 1. Every process
// it starts is stopped on every way out (return, error, exception, SIGINT/SIGTERM; and by the
// kernel if the bench itself is SIGKILLed).
//
//   sync_bench [--changes 100000] [--offices 50] [--per_office 2000] [--sync-FLAG VALUE...]
//   sync_bench --changes 0 --offices 200 --per_office 10000   (the soak load)
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "kinerja/v1/admin.pb.h"
#include "tests/testing/flaky_proxy.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::bench {
namespace {

using testing::FileSize;
using testing::FlakyProxy;
using testing::FreePort;
using testing::ReadFile;
using testing::Subprocess;

// How long one kinerjad may take to log "ready:" (a loaded 2-core machine starting 50).
constexpr absl::Duration kReadyTimeout = absl::Seconds(120);

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

// The last non-empty line of `text`, for one-line error messages.
std::string LastLine(const std::string& text) {
  absl::string_view t = absl::StripTrailingAsciiWhitespace(text);
  const size_t nl = t.rfind('\n');
  return std::string(nl == absl::string_view::npos ? t : t.substr(nl + 1));
}

// The daemons of one run, their certificates and registry, in a temporary directory. Every
// daemon and kinerjactl it starts is a Subprocess: destroying the Bench stops them all.
class Bench {
 public:
  explicit Bench(std::vector<std::string> extra_flags) : extra_flags_(std::move(extra_flags)) {}

  static std::string Office(int i) { return absl::StrFormat("36%03d", i); }

  // Writes the registry (RI, province 36, offices 1..offices+1) and their certificates.
  absl::Status Prepare(int offices) {
    certs_ = dir_.Sub("certs");
    std::string registry =
        "kode,nama,tingkat,induk\nRI,KPU RI,nasional,\n36,KPU Banten,provinsi,RI\n";
    std::string nodes = "RI 36";
    for (int i = 1; i <= offices + 1; ++i) {
      absl::StrAppend(&registry, Office(i), ",Satker ", Office(i), ",kabkota,36\n");
      absl::StrAppend(&nodes, " ", Office(i));
    }
    registry_ = Write("satker.csv", registry);
    const std::string log = dir_.Sub("gen-certs.log");
    const std::string cmd = absl::StrCat(KINERJA_SOURCE_DIR, "/deploy/gen-certs.sh ", certs_, " ",
                                         nodes, " >", log, " 2>&1");
    if (std::system(cmd.c_str()) != 0) {
      return absl::InternalError(absl::StrCat("gen-certs.sh failed: ", LastLine(ReadFile(log))));
    }
    return absl::OkStatus();
  }

  // Starts kinerjad `node` and waits until it is ready (both listeners up).
  absl::Status Start(const std::string& node, const std::string& role, int sync_port,
                     int upstream_port) {
    const int admin = FreePort();
    std::vector<std::string> args = {
        KINERJAD_PATH, "--node", node, "--role", role, "--listen",
        absl::StrCat("127.0.0.1:", sync_port), "--admin-listen", absl::StrCat("127.0.0.1:", admin),
        "--data-dir", dir_.Sub(absl::StrCat("data-", node)), "--registry", registry_, "--tls-cert",
        absl::StrCat(certs_, "/", node, ".pem"), "--tls-key",
        absl::StrCat(certs_, "/", node, ".key"), "--tls-ca", absl::StrCat(certs_, "/ca.pem"),
        // No HTTP listener: its default port (admin + 1) is not reserved, and with hundreds of
        // nodes another one's free port often lands there.
        "--http-listen", "off",
        // Only `sync now` moves data: no background session muddles the timing.
        "--sync-initial-backoff-ms", "600000", "--sync-max-backoff-ms", "600000",
        "--sync-interval-ms", "3600000"};
    args.insert(args.end(), extra_flags_.begin(), extra_flags_.end());
    if (upstream_port > 0) {
      args.push_back("--upstream");
      args.push_back(absl::StrCat("127.0.0.1:", upstream_port));
    }
    const std::string log = dir_.Sub(absl::StrCat("log-", node));
    absl::StatusOr<Subprocess> daemon = Subprocess::Start(args, log, log);
    if (!daemon.ok()) return Failed(node, daemon.status());
    Subprocess& d = daemons_[node] = *std::move(daemon);
    admin_[node] = absl::StrCat("127.0.0.1:", admin);
    logs_[node] = log;
    upstream_[node] = upstream_port;
    const absl::Status ready = testing::WaitForLogLine(d, log, 0, "ready:", kReadyTimeout);
    if (!ready.ok()) return Failed(node, ready);
    return absl::OkStatus();
  }

  // Waits until the background upstream loop of `node` (started with an upstream port that
  // nothing listens on yet) has logged its first failed attempt: from then on it backs off
  // (--sync-initial-backoff-ms), so only `kinerjactl sync` moves data and the timing is the
  // sync's alone. Without this wait a loop still connecting when the proxy opens would push
  // everything before the timed sync starts.
  absl::Status AwaitUpstreamBackoff(const std::string& node) {
    const std::string marker = absl::StrCat("sync with 127.0.0.1:", upstream_.at(node), " failed");
    const absl::Status failed =
        testing::WaitForLogLine(daemons_.at(node), logs_.at(node), 0, marker, kReadyTimeout);
    if (!failed.ok()) {
      return Failed(node, absl::Status(failed.code(), absl::StrCat("no failed upstream attempt: ",
                                                                   failed.message())));
    }
    return absl::OkStatus();
  }

  // Runs kinerjactl against `node`; its standard output, or an error naming the node, the
  // command, the exit code and kinerjactl's last line of error output.
  absl::StatusOr<std::string> Ctl(const std::string& node, const std::vector<std::string>& args) {
    const std::string out = NextCtlOutput();
    absl::StatusOr<Subprocess> ctl = CtlAsync(node, args, out);
    if (!ctl.ok()) return ctl.status();
    const int rc = ctl->Wait();
    if (rc != 0) return CtlFailed(node, args, rc, out);
    return ReadFile(out);
  }

  // Starts kinerjactl against `node` in the background, its output in `out` and `out`.err.
  absl::StatusOr<Subprocess> CtlAsync(const std::string& node, std::vector<std::string> args,
                                      const std::string& out) {
    args.insert(args.begin(), {KINERJACTL_PATH, "--addr", admin_.at(node)});
    return Subprocess::Start(args, out, out + ".err");
  }

  // A fresh path for one kinerjactl run's output.
  std::string NextCtlOutput() { return dir_.Sub(absl::StrCat("ctl-", ++ctl_runs_)); }

  // The error of a kinerjactl run against `node` that exited `rc`, its output in `out`.
  static absl::Status CtlFailed(const std::string& node, const std::vector<std::string>& args,
                                int rc, const std::string& out) {
    return absl::UnknownError(absl::StrCat("node ", node, ": kinerjactl ", absl::StrJoin(args, " "),
                                           " exited ", rc, ": ", LastLine(ReadFile(out + ".err"))));
  }

  // Changes held by `node`, from `kinerjactl status -o json`.
  absl::StatusOr<uint64_t> Held(const std::string& node) {
    absl::StatusOr<std::string> out = Ctl(node, {"status", "-o", "json"});
    if (!out.ok()) return out.status();
    v1::StatusResponse s;
    if (!google::protobuf::util::JsonStringToMessage(*out, &s).ok()) {
      return absl::InternalError(absl::StrCat("node ", node, ": unreadable status: ", *out));
    }
    return s.changes_held();
  }

  // The pid of the running daemon `node`.
  pid_t Pid(const std::string& node) const { return daemons_.at(node).pid(); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path) << content;
    return path;
  }

 private:
  // One line naming the daemon and why it failed (WaitForLogLine appends its log's tail).
  static absl::Status Failed(const std::string& node, const absl::Status& why) {
    return absl::Status(why.code(), absl::StrCat("kinerjad ", node, ": ", why.message()));
  }

  testing::TempDir dir_;
  std::string certs_, registry_;
  const std::vector<std::string> extra_flags_;
  std::map<std::string, std::string> admin_;  // Node -> admin address.
  std::map<std::string, std::string> logs_;   // Node -> its log file.
  std::map<std::string, int> upstream_;       // Node -> its upstream port (0: none).
  std::map<std::string, Subprocess> daemons_;
  int ctl_runs_ = 0;
};

struct Options {
  uint64_t changes = 100'000;
  int offices = 50;
  uint64_t per_office = 2'000;
  std::vector<std::string> flags;  // Passed to every kinerjad.
};

// A "VmHWM:"-style line of /proc/`pid`/status in MB; -1 if unreadable.
double ProcStatusMb(pid_t pid, absl::string_view field) {
  const std::string status = ReadFile(absl::StrCat("/proc/", pid, "/status"));
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, field)) continue;
    line = absl::StripAsciiWhitespace(line);
    int64_t kb = 0;
    if (absl::ConsumeSuffix(&line, " kB") && absl::SimpleAtoi(line, &kb)) return kb / 1024.0;
  }
  return -1;
}

// One row of the result table.
struct Figure {
  uint64_t changes = 0;
  double seconds = 0;
  uint64_t bytes = 0;
  double hub_peak_mb = -1;  // The hub's VmHWM after the phase.
  double hub_rss_mb = -1;   // The hub's VmRSS after the phase.
};

constexpr char kUsage[] =
    "usage: sync_bench [--changes N] [--offices K] [--per_office N] [--sync-* V (kinerjad "
    "flags)]\n";

bool ParseArgs(int argc, char** argv, Options* o) {
  if (argc % 2 == 0) return false;  // Every option takes a value.
  for (int i = 1; i + 1 < argc; i += 2) {
    bool ok = true;
    if (absl::StartsWith(argv[i], "--sync-")) {
      o->flags.push_back(argv[i]);
      o->flags.push_back(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--changes") == 0) {
      ok = absl::SimpleAtoi(argv[i + 1], &o->changes);
    } else if (std::strcmp(argv[i], "--offices") == 0) {
      ok = absl::SimpleAtoi(argv[i + 1], &o->offices) && o->offices > 0;
    } else if (std::strcmp(argv[i], "--per_office") == 0) {
      ok = absl::SimpleAtoi(argv[i + 1], &o->per_office);
    } else {
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

// `status`, with why the proxy could not forward a connection, if it could not.
absl::Status WithProxyError(const absl::Status& status, const FlakyProxy& proxy) {
  const std::string proxy_error = proxy.last_error();
  if (proxy_error.empty()) return status;
  return absl::Status(status.code(), absl::StrCat(status.message(), " (proxy: ", proxy_error, ")"));
}

// Keeps a port bound but not listening until Release(): a dial to it is refused, as when
// nothing listens, and no node started meanwhile can be given it (without SO_REUSEADDR here,
// every other bind of it fails; close-on-exec, or the nodes it starts would hold it too).
// Else, with 200 offices picking ports, about one run in five of the soak handed the proxy's
// port to a node before the proxy opened it.
class PortHold {
 public:
  explicit PortHold(int port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    const sockaddr_in address = testing::Loopback(port);
    if (fd_ >= 0 && bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      Release();
    }
  }
  ~PortHold() { Release(); }
  PortHold(const PortHold&) = delete;
  PortHold& operator=(const PortHold&) = delete;

  bool held() const { return fd_ >= 0; }
  void Release() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Phase 1: one office imports `o.changes` records offline, then pushes them to the hub through
// a counting proxy. `import` gets the local import, `one` the push (changes the hub holds).
absl::Status RunOneOffice(Bench& bench, const Options& o, int hub_port, Figure* import,
                          Figure* one) {
  const std::string office = Bench::Office(o.offices + 1);
  const int proxy_port = FreePort();
  PortHold hold(proxy_port);
  if (!hold.held()) {
    return absl::UnavailableError(absl::StrCat("proxy: cannot hold 127.0.0.1:", proxy_port));
  }
  if (absl::Status st = bench.Start(office, "office", FreePort(), proxy_port); !st.ok()) return st;
  const std::string file = bench.Write("one.csv", AnggaranCsv(office, o.changes));
  auto t = std::chrono::steady_clock::now();
  if (auto imported = bench.Ctl(office, {"import", "anggaran", file}); !imported.ok()) {
    return imported.status();
  }
  import->seconds = Since(t);
  absl::StatusOr<uint64_t> records = bench.Held(office);
  if (!records.ok()) return records.status();
  import->changes = *records;
  if (absl::Status st = bench.AwaitUpstreamBackoff(office); !st.ok()) return st;

  hold.Release();
  absl::StatusOr<std::unique_ptr<FlakyProxy>> proxy = FlakyProxy::Listen(proxy_port, hub_port);
  if (!proxy.ok()) return proxy.status();
  t = std::chrono::steady_clock::now();
  absl::StatusOr<std::string> out = bench.Ctl(office, {"sync", "--timeout", "600s"});
  if (!out.ok()) return WithProxyError(out.status(), **proxy);
  one->seconds = Since(t);
  one->bytes = (*proxy)->upstream_bytes() + (*proxy)->downstream_bytes();
  std::printf("one office -> hub: %s", out->c_str());
  std::printf("  bytes up %llu, down %llu\n",
              static_cast<unsigned long long>((*proxy)->upstream_bytes()),
              static_cast<unsigned long long>((*proxy)->downstream_bytes()));
  absl::StatusOr<uint64_t> at_hub = bench.Held("36");
  if (!at_hub.ok()) return at_hub.status();
  one->changes = *at_hub;
  return absl::OkStatus();
}

// Phase 2: `o.offices` offices import `o.per_office` records each, then all sync at once
// through one counting proxy. `many` gets what the hub gained beyond `hub_before`.
absl::Status RunManyOffices(Bench& bench, const Options& o, int hub_port, uint64_t hub_before,
                            Figure* many) {
  const int proxy_port = FreePort();
  PortHold hold(proxy_port);
  if (!hold.held()) {
    return absl::UnavailableError(absl::StrCat("proxy: cannot hold 127.0.0.1:", proxy_port));
  }
  for (int i = 1; i <= o.offices; ++i) {
    const std::string office = Bench::Office(i);
    if (absl::Status st = bench.Start(office, "office", FreePort(), proxy_port); !st.ok()) {
      return st;
    }
    const std::string f =
        bench.Write(absl::StrCat("o", i, ".csv"), AnggaranCsv(office, o.per_office));
    if (auto imported = bench.Ctl(office, {"import", "anggaran", f}); !imported.ok()) {
      return imported.status();
    }
  }
  for (int i = 1; i <= o.offices; ++i) {
    if (absl::Status st = bench.AwaitUpstreamBackoff(Bench::Office(i)); !st.ok()) return st;
  }
  hold.Release();
  absl::StatusOr<std::unique_ptr<FlakyProxy>> proxy = FlakyProxy::Listen(proxy_port, hub_port);
  if (!proxy.ok()) return proxy.status();
  const std::vector<std::string> sync = {"sync", "--timeout", "600s"};
  const auto t = std::chrono::steady_clock::now();
  std::vector<std::pair<Subprocess, std::string>> syncs;  // With their output paths.
  for (int i = 1; i <= o.offices; ++i) {
    const std::string out = bench.NextCtlOutput();
    absl::StatusOr<Subprocess> ctl = bench.CtlAsync(Bench::Office(i), sync, out);
    if (!ctl.ok()) return ctl.status();
    syncs.emplace_back(*std::move(ctl), out);
  }
  int failed = 0;
  absl::Status first_failure;
  for (int i = 0; i < o.offices; ++i) {
    const int rc = syncs[i].first.Wait();
    if (rc == 0) continue;
    if (++failed == 1)
      first_failure = Bench::CtlFailed(Bench::Office(i + 1), sync, rc, syncs[i].second);
  }
  many->seconds = Since(t);
  many->bytes = (*proxy)->upstream_bytes() + (*proxy)->downstream_bytes();
  if (failed > 0) {
    return WithProxyError(absl::UnknownError(absl::StrCat(
                              failed, " of ", o.offices,
                              " office syncs failed; the first: ", first_failure.message())),
                          **proxy);
  }
  absl::StatusOr<uint64_t> at_hub = bench.Held("36");
  if (!at_hub.ok()) return at_hub.status();
  many->changes = *at_hub - hub_before;
  many->hub_peak_mb = ProcStatusMb(bench.Pid("36"), "VmHWM:");
  many->hub_rss_mb = ProcStatusMb(bench.Pid("36"), "VmRSS:");
  return absl::OkStatus();
}

void PrintTable(const Options& o, const Figure& import, const Figure& one, const Figure& many) {
  std::printf("\n%-44s %10s %12s %10s %12s\n", "sync over loopback (mTLS, gzip, fsync)", "changes",
              "changes/s", "seconds", "bytes/chg");
  if (o.changes > 0) {
    std::printf("%-44s %10llu %12.0f %10.2f %12s\n", "  office import (local, kinerjactl import)",
                static_cast<unsigned long long>(import.changes), import.changes / import.seconds,
                import.seconds, "-");
    std::printf("%-44s %10llu %12.0f %10.2f %12.1f\n", "  one office -> hub",
                static_cast<unsigned long long>(one.changes), one.changes / one.seconds,
                one.seconds, static_cast<double>(one.bytes) / one.changes);
  }
  std::printf("%-44s %10llu %12.0f %10.2f %12.1f\n",
              absl::StrCat("  ", o.offices, " offices -> hub at once").c_str(),
              static_cast<unsigned long long>(many.changes), many.changes / many.seconds,
              many.seconds, static_cast<double>(many.bytes) / many.changes);
  std::printf(
      "\nhub (kinerjad 36) after %d offices x %llu: peak RSS (VmHWM) %.1f MB, RSS %.1f MB%s\n",
      o.offices, static_cast<unsigned long long>(o.per_office), many.hub_peak_mb, many.hub_rss_mb,
      o.changes > 0 ? " (the peak includes phase 1)" : "");
}

absl::Status Run(const Options& o) {
  Bench bench(o.flags);
  if (absl::Status st = bench.Prepare(o.offices); !st.ok()) return st;
  const int hub_port = FreePort();
  // The hub's upstream (national) stays down: nothing listens on its port.
  if (absl::Status st = bench.Start("36", "province", hub_port, FreePort()); !st.ok()) return st;
  Figure import, one, many;
  if (o.changes > 0) {
    if (absl::Status st = RunOneOffice(bench, o, hub_port, &import, &one); !st.ok()) return st;
  }
  if (absl::Status st = RunManyOffices(bench, o, hub_port, one.changes, &many); !st.ok()) {
    return st;
  }
  PrintTable(o, import, one, many);
  return absl::OkStatus();
}

int Main(int argc, char** argv) {
  testing::KillChildrenOnSignals();
  Options options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::printf("%s", kUsage);
      return 0;
    }
  }
  if (!ParseArgs(argc, argv, &options)) {
    std::fprintf(stderr, "%s", kUsage);
    return 2;
  }
  absl::Status status;
  try {
    status = Run(options);  // Every process it starts is stopped before it returns.
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat("unexpected exception: ", e.what()));
  }
  if (!status.ok()) {
    std::fprintf(stderr, "sync_bench: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace kinerja::bench

int main(int argc, char** argv) { return kinerja::bench::Main(argc, argv); }
