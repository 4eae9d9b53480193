// kinerja_sim: runs the deterministic simulator (tests/sim/simulation.h).
//   kinerja_sim --seeds=N [--base=SEED] [--jobs=J] [--seed_file=FILE]
//       runs N seeds from BASE (a fresh one, printed, if not given), plus every seed listed in
//       FILE; ends with one line giving seeds run, failures and a hash over all traces.
//   kinerja_sim --seed=S [--trace]     replays one seed, printing its trace.
//   kinerja_sim --profile=soak --hours=H [--jobs=J]   long runs outside CI: seeds with a
//       fault phase of an hour each, until H hours have passed.
//   --bug=lying_sync|allow_all|ack_before_apply plants one of the simulator's bugs.
// Exit status: 0 when every seed passed, 1 when one failed, 2 on a usage error.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
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
  std::vector<SimResult> results(soak ? 0 : list.size());
  std::atomic<size_t> next{0};
  std::mutex mu;  // Guards the soak results and stdout.
  std::vector<SimResult> soak_results;
  auto worker = [&] {
    for (;;) {
      const size_t i = next.fetch_add(1);
      SimOptions o = proto;
      if (soak) {
        if (std::chrono::steady_clock::now() >= soak_end) return;
        o.seed = base + i;
        o.fault_seconds = 3600;
        o.heal_seconds = 1800;
      } else {
        if (i >= list.size()) return;
        o.seed = list[i];
      }
      SimResult r = RunSimulation(o);
      std::lock_guard<std::mutex> l(mu);
      if (r.failed) std::printf("%s", r.report.c_str());
      std::fflush(stdout);
      if (soak) {
        soak_results.push_back(std::move(r));
      } else {
        results[i] = std::move(r);
      }
    }
  };
  std::vector<std::thread> threads;
  for (uint64_t j = 0; j < jobs; ++j) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (soak) results = std::move(soak_results);
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
  for (const auto& [k, v] : faults) std::printf(" %s=%llu", k.c_str(), static_cast<unsigned long long>(v));
  std::printf("\nkinerja_sim: seeds=%zu failures=%llu hash=0x%016llx base=0x%016llx "
              "seconds=%.1f seeds_per_second=%.2f\n",
              results.size(), static_cast<unsigned long long>(failures),
              static_cast<unsigned long long>(hash), static_cast<unsigned long long>(base), secs,
              results.size() / (secs > 0 ? secs : 1));
  return failures == 0 ? 0 : 1;
}
