// kinerja_sim: runs the deterministic simulator (tests/sim/simulation.h).
//   kinerja_sim --seeds=N [--base=SEED] [--jobs=J] [--seed_file=FILE]
//       runs N seeds from BASE (a fresh one, printed, if not given), plus every seed listed in
//       FILE; ends with one line giving seeds run, failures and a hash over all traces.
//   kinerja_sim --seed=S [--trace]     replays one seed, printing its trace.
//   kinerja_sim --profile=soak --hours=H [--jobs=J]   long runs outside CI: seeds with a
//       fault phase of an hour each, until H hours have passed.
//   --bug=lying_sync|allow_all|ack_before_apply|forgetful_hello plants one of the simulator's bugs.
//   --min_fault_count=K fails the run if any fault kind fired fewer than K times in all.
// Exit status: 0 when every seed passed, 1 when one failed, 2 on a usage error.
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tests/sim/simulation.h"

namespace {

using kinerja::sim::RunSimulation;
using kinerja::sim::SimOptions;
using kinerja::sim::SimResult;

bool ParseSeed(absl::string_view text, uint64_t* out) {
  if (absl::StartsWith(text, "0x") || absl::StartsWith(text, "0X")) {
    return absl::SimpleHexAtoi(text.substr(2), out);
  }
  return absl::SimpleAtoi(text, out);
}

// Seeds of a file, one per line; '#' starts a comment.
bool ReadSeedFile(const std::string& path, std::vector<uint64_t>* seeds) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::string trimmed;
    for (char c : line) {
      if (!isspace(static_cast<unsigned char>(c))) trimmed.push_back(c);
    }
    uint64_t seed;
    if (!trimmed.empty() && ParseSeed(trimmed, &seed)) seeds->push_back(seed);
  }
  return true;
}

// One seed's result as a job process reports it to the parent.
struct Finished {
  size_t index = 0;
  SimResult result;
};

// A result as one length-prefixed record: what the summary needs (no verdicts, no trace).
std::string EncodeResult(size_t index, const SimResult& r) {
  std::string body = absl::StrCat(index, " ", r.seed, " ", r.trace_hash, " ", r.failed ? 1 : 0,
                                  " ", r.events, " ", r.fault_counts.size());
  for (const auto& [k, v] : r.fault_counts) absl::StrAppend(&body, " ", k, " ", v);
  absl::StrAppend(&body, " ", r.report.size(), "\n", r.report);
  return absl::StrCat(body.size(), "\n", body);
}

// Decodes one record's body (after its length line).
bool DecodeResult(const std::string& body, Finished* out) {
  const size_t eol = body.find('\n');
  if (eol == std::string::npos) return false;
  std::vector<std::string> f = absl::StrSplit(body.substr(0, eol), ' ');
  if (f.size() < 7) return false;
  uint64_t failed = 0, n = 0, report_size = 0;
  SimResult& r = out->result;
  if (!absl::SimpleAtoi(f[0], &out->index) || !absl::SimpleAtoi(f[1], &r.seed) ||
      !absl::SimpleAtoi(f[2], &r.trace_hash) || !absl::SimpleAtoi(f[3], &failed) ||
      !absl::SimpleAtoi(f[4], &r.events) || !absl::SimpleAtoi(f[5], &n) ||
      f.size() != 7 + 2 * n || !absl::SimpleAtoi(f.back(), &report_size) ||
      body.size() - eol - 1 != report_size) {
    return false;
  }
  r.failed = failed != 0;
  for (uint64_t k = 0; k < n; ++k) {
    uint64_t v = 0;
    if (!absl::SimpleAtoi(f[7 + 2 * k], &v)) return false;
    r.fault_counts[f[6 + 2 * k]] = v;
  }
  r.report = body.substr(eol + 1);
  return true;
}

bool WriteAll(int fd, const std::string& data) {
  for (size_t done = 0; done < data.size();) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Runs seeds in `jobs` processes (forked before anything opened a store, so no thread is
// copied): each takes the next index from a counter in shared memory and sends its results
// back over a pipe. Processes, not threads: two simulations in one process contend on the
// allocator and on RocksDB's process-wide state (a quarter slower on 2 cores), and a seed
// that kills its process (an assertion in RocksDB) takes only that seed with it: it is
// reported as failed and a new process goes on with the rest. Prints each failure's report
// as it arrives. False if a job could not be started.
bool RunJobs(uint64_t jobs, const std::function<bool(size_t, SimOptions*)>& seed_options,
             std::vector<Finished>* finished) {
  struct Shared {
    std::atomic<size_t> next{0};
    std::atomic<size_t> running[64];  // Per job slot: 1 + the index it runs, or 0.
  };
  jobs = std::min<uint64_t>(jobs, 64);
  void* mem = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
  if (mem == MAP_FAILED) return false;
  auto* shared = new (mem) Shared();
  for (auto& r : shared->running) r.store(0);
  struct Job {
    pid_t pid = -1;
    int fd = -1;
    std::string buffer;
  };
  std::vector<Job> slots(jobs);
  auto spawn = [&](size_t slot) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    const pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
      close(fds[0]);
      for (const Job& other : slots) {
        if (other.fd >= 0) close(other.fd);
      }
      for (;;) {
        const size_t i = shared->next.fetch_add(1);
        SimOptions o;
        if (!seed_options(i, &o)) break;
        shared->running[slot].store(i + 1);
        const SimResult r = RunSimulation(o);
        if (!WriteAll(fds[1], EncodeResult(i, r))) _exit(3);
        shared->running[slot].store(0);
      }
      close(fds[1]);
      _exit(0);
    }
    close(fds[1]);
    slots[slot] = Job{pid, fds[0], ""};
    return true;
  };
  for (size_t j = 0; j < jobs; ++j) {
    if (!spawn(j)) return false;
  }
  // Reads what job `slot` sent: every whole record in its buffer.
  auto take_records = [&](Job& job) {
    for (;;) {
      const size_t eol = job.buffer.find('\n');
      size_t len = 0;
      if (eol == std::string::npos || !absl::SimpleAtoi(job.buffer.substr(0, eol), &len) ||
          job.buffer.size() < eol + 1 + len) {
        return;
      }
      Finished f;
      if (DecodeResult(job.buffer.substr(eol + 1, len), &f)) {
        if (f.result.failed) std::printf("%s", f.result.report.c_str());
        std::fflush(stdout);
        finished->push_back(std::move(f));
      } else {
        std::fprintf(stderr, "kinerja_sim: a job sent an unreadable result\n");
      }
      job.buffer.erase(0, eol + 1 + len);
    }
  };
  bool ok = true;
  for (;;) {
    std::vector<pollfd> polls;
    std::vector<size_t> which;
    for (size_t j = 0; j < slots.size(); ++j) {
      if (slots[j].fd < 0) continue;
      polls.push_back(pollfd{slots[j].fd, POLLIN, 0});
      which.push_back(j);
    }
    if (polls.empty()) break;
    if (poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    for (size_t p = 0; p < polls.size(); ++p) {
      if (polls[p].revents == 0) continue;
      const size_t slot = which[p];
      Job& job = slots[slot];
      char chunk[1 << 16];
      const ssize_t n = read(job.fd, chunk, sizeof(chunk));
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        job.buffer.append(chunk, static_cast<size_t>(n));
        take_records(job);
        continue;
      }
      close(job.fd);
      job.fd = -1;
      int status = 0;
      while (waitpid(job.pid, &status, 0) < 0 && errno == EINTR) {
      }
      const size_t running = shared->running[slot].exchange(0);
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && running == 0) continue;
      // The job died: the seed it ran fails, and a new job goes on with the rest.
      std::string why = WIFSIGNALED(status) ? absl::StrCat("killed by signal ", WTERMSIG(status))
                                            : absl::StrCat("exited with status ",
                                                           WEXITSTATUS(status));
      if (running == 0) {
        std::fprintf(stderr, "kinerja_sim: job process %d %s between seeds\n", job.pid,
                     why.c_str());
        ok = false;
      } else {
        Finished f;
        f.index = running - 1;
        SimOptions o;
        f.result.seed = seed_options(f.index, &o) ? o.seed : 0;
        f.result.failed = true;
        f.result.report = absl::StrCat("seed 0x", absl::Hex(f.result.seed, absl::kZeroPad16),
                                       ": the simulation process ", why,
                                       " (see its message above)\nreplay: ",
                                       kinerja::sim::ReplayCommand(f.result.seed), "\n");
        std::printf("%s", f.result.report.c_str());
        std::fflush(stdout);
        finished->push_back(std::move(f));
      }
      if (!spawn(slot)) return false;
    }
  }
  munmap(mem, sizeof(Shared));
  return ok;
}

int Usage(const std::string& why) {
  std::fprintf(stderr, "kinerja_sim: %s\nusage: kinerja_sim --seeds=N [--base=SEED] [--jobs=J] "
               "[--seed_file=FILE] | --seed=S [--trace] | --profile=soak --hours=H\n",
               why.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t seeds = 0, base = 0, one = 0, jobs = 1;
  double hours = 0;
  uint64_t min_fault_count = 0;
  bool have_base = false, have_one = false, trace = false, soak = false;
  std::string seed_file;
  SimOptions proto;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    std::string v;
    auto flag = [&](absl::string_view name) {
      if (!absl::StartsWith(a, name)) return false;
      v = a.substr(name.size());
      return true;
    };
    if (flag("--seeds=")) {
      if (!absl::SimpleAtoi(v, &seeds)) return Usage("bad --seeds");
    } else if (flag("--base=")) {
      if (!ParseSeed(v, &base)) return Usage("bad --base");
      have_base = true;
    } else if (flag("--seed=")) {
      if (!ParseSeed(v, &one)) return Usage("bad --seed");
      have_one = true;
    } else if (flag("--jobs=")) {
      if (!absl::SimpleAtoi(v, &jobs) || jobs == 0) return Usage("bad --jobs");
    } else if (flag("--min_fault_count=")) {
      if (!absl::SimpleAtoi(v, &min_fault_count)) return Usage("bad --min_fault_count");
    } else if (flag("--seed_file=")) {
      seed_file = v;
    } else if (flag("--profile=")) {
      if (v != "soak") return Usage("the only profile is soak");
      soak = true;
    } else if (flag("--hours=")) {
      if (!absl::SimpleAtod(v, &hours)) return Usage("bad --hours");
    } else if (flag("--bug=")) {
      if (v == "lying_sync") {
        proto.bugs.lying_sync = true;
      } else if (v == "allow_all") {
        proto.bugs.allow_all = true;
      } else if (v == "ack_before_apply") {
        proto.bugs.ack_before_apply = true;
      } else if (v == "forgetful_hello") {
        proto.bugs.forgetful_hello = true;
      } else {
        return Usage("unknown --bug");
      }
    } else if (a == "--trace") {
      trace = true;
    } else {
      return Usage(absl::StrCat("unknown argument ", a));
    }
  }
  if (have_one) {
    SimOptions o = proto;
    o.seed = one;
    o.trace = trace;
    const SimResult r = RunSimulation(o);
    for (const auto& v : r.verdicts) {
      std::printf("%s: %s%s%s\n",
                  v.outcome == kinerja::sim::Outcome::kOk       ? "ok"
                  : v.outcome == kinerja::sim::Outcome::kFailed ? "FAILED"
                                                                : "unknown",
                  v.invariant.c_str(), v.detail.empty() ? "" : " -- ", v.detail.c_str());
    }
    if (r.failed) std::printf("%s", r.report.c_str());
    std::printf("seed 0x%016llx: %s, %llu events, trace hash 0x%016llx\n",
                static_cast<unsigned long long>(one), r.failed ? "FAILED" : "ok",
                static_cast<unsigned long long>(r.events),
                static_cast<unsigned long long>(r.trace_hash));
    return r.failed ? 1 : 0;
  }
  if (seeds == 0 && !soak && seed_file.empty()) return Usage("give --seeds=N or --seed=S");
  if (!have_base) {
    std::random_device rd;
    base = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }
  std::vector<uint64_t> list;
  for (uint64_t i = 0; i < seeds; ++i) list.push_back(base + i);
  if (!seed_file.empty()) {
    std::vector<uint64_t> saved;
    if (!ReadSeedFile(seed_file, &saved)) return Usage(absl::StrCat("cannot read ", seed_file));
    std::printf("kinerja_sim: %zu saved seeds from %s\n", saved.size(), seed_file.c_str());
    list.insert(list.end(), saved.begin(), saved.end());
  }
  std::printf("kinerja_sim: base seed 0x%016llx, %zu seeds, %llu jobs\n",
              static_cast<unsigned long long>(base), list.size(),
              static_cast<unsigned long long>(jobs));
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  const auto soak_end = start + std::chrono::duration<double, std::ratio<3600>>(hours);
  // The seed to run as the i-th; false when there is none (the list or the soak time is over).
  auto seed_options = [&](size_t i, SimOptions* o) {
    *o = proto;
    if (soak) {
      if (std::chrono::steady_clock::now() >= soak_end) return false;
      o->seed = base + i;
      o->fault_seconds = 3600;
      o->heal_seconds = 1800;
      return true;
    }
    if (i >= list.size()) return false;
    o->seed = list[i];
    return true;
  };
  std::vector<Finished> finished;
  if (!RunJobs(jobs, seed_options, &finished)) {
    std::fprintf(stderr, "kinerja_sim: a job process died (see above)\n");
    return 1;
  }
  // In seed order, so the hash over the traces does not depend on how the jobs interleaved.
  std::sort(finished.begin(), finished.end(),
            [](const Finished& a, const Finished& b) { return a.index < b.index; });
  std::vector<SimResult> results;
  for (Finished& f : finished) results.push_back(std::move(f.result));
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  uint64_t hash = 1469598103934665603ull, failures = 0;
  std::map<std::string, uint64_t> faults;
  for (const SimResult& r : results) {
    for (int b = 0; b < 8; ++b) {
      hash ^= (r.trace_hash >> (8 * b)) & 0xff;
      hash *= 1099511628211ull;
    }
    if (r.failed) {
      ++failures;
      std::printf("failing seed: 0x%016llx (replay: kinerja_sim --seed=0x%016llx --trace)\n",
                  static_cast<unsigned long long>(r.seed),
                  static_cast<unsigned long long>(r.seed));
    }
    for (const auto& [k, v] : r.fault_counts) faults[k] += v;
  }
  std::printf("fault kinds fired:");
  for (const char* kind : kinerja::sim::kFaultKinds) faults.emplace(kind, 0);
  std::string rare;
  for (const auto& [k, v] : faults) {
    std::printf(" %s=%llu", k.c_str(), static_cast<unsigned long long>(v));
    if (v < min_fault_count) absl::StrAppend(&rare, rare.empty() ? "" : ", ", k);
  }
  if (!rare.empty()) {
    std::printf("\nkinerja_sim: fired fewer than %llu times: %s",
                static_cast<unsigned long long>(min_fault_count), rare.c_str());
    ++failures;
  }
  std::printf("\nkinerja_sim: seeds=%zu failures=%llu hash=0x%016llx base=0x%016llx "
              "seconds=%.1f seeds_per_second=%.2f\n",
              results.size(), static_cast<unsigned long long>(failures),
              static_cast<unsigned long long>(hash), static_cast<unsigned long long>(base), secs,
              results.size() / (secs > 0 ? secs : 1));
  return failures == 0 ? 0 : 1;
}
