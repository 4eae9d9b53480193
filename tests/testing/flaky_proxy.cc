#include "tests/testing/flaky_proxy.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace kinerja::testing {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

namespace {

// A connected socket, or -1 with errno set.
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const sockaddr_in addr = Loopback(port);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    const int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

// How long a waiting pump sleeps before it looks again at the faults (a heal ends a stall or
// a throttle at once) and at whether the proxy stops.
constexpr auto kSlice = std::chrono::milliseconds(10);

}  // namespace

// One forwarded connection: its two sockets and the pumps of its two directions.
struct FlakyProxy::Connection {
  int client = -1;
  int target = -1;
  Clock::time_point started;
  std::thread up, down;
  std::atomic<int> finished{0};  // Pumps that have ended.
  std::atomic<bool> cut{false};
  uint64_t faults_generation = ~uint64_t{0};  // Of cut_at; guarded by the proxy's mu_.
  Clock::time_point cut_at;                   // Guarded by the proxy's mu_.
};

absl::StatusOr<std::unique_ptr<FlakyProxy>> FlakyProxy::Listen(int listen_port, int target_port,
                                                               uint64_t seed) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  const sockaddr_in addr = Loopback(listen_port);
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
      bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(fd, 128) != 0) {
    const int error = errno;
    if (fd >= 0) close(fd);
    return absl::UnavailableError(absl::StrCat("proxy: cannot listen on 127.0.0.1:", listen_port,
                                               ": ", std::strerror(error)));
  }
  return std::unique_ptr<FlakyProxy>(new FlakyProxy(fd, target_port, seed));
}

FlakyProxy::FlakyProxy(int listen_fd, int target_port, uint64_t seed)
    : listen_fd_(listen_fd), target_port_(target_port), rng_(seed) {
  faults_set_at_ = Clock::now();
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FlakyProxy::~FlakyProxy() {
  stopping_ = true;
  acceptor_.join();
  std::vector<std::unique_ptr<Connection>> connections;
  {
    absl::MutexLock l(&mu_);
    for (const auto& c : connections_) {
      shutdown(c->client, SHUT_RDWR);
      shutdown(c->target, SHUT_RDWR);
    }
    connections.swap(connections_);
  }
  for (auto& c : connections) {
    c->up.join();
    c->down.join();
    close(c->client);
    close(c->target);
  }
  close(listen_fd_);
}

void FlakyProxy::SetFaults(const LinkFaults& faults) {
  absl::MutexLock l(&mu_);
  faults_ = faults;
  ++faults_generation_;
  faults_set_at_ = Clock::now();
}

std::string FlakyProxy::last_error() const {
  absl::MutexLock l(&mu_);
  return last_error_;
}

FlakyProxy::Clock::time_point FlakyProxy::RandomWithin(Clock::time_point from, absl::Duration min,
                                                       absl::Duration max) {
  const int64_t lo = absl::ToInt64Microseconds(min);
  const int64_t hi = std::max(lo, absl::ToInt64Microseconds(max));
  std::uniform_int_distribution<int64_t> pick(lo, hi);
  return from + std::chrono::microseconds(pick(rng_));
}

void FlakyProxy::AcceptLoop() {
  while (!stopping_) {
    Reap();
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;  // Wakes to notice stopping_.
    const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    const int target = Connect(target_port_);
    if (target < 0) {
      const std::string error =
          absl::StrCat("cannot connect to 127.0.0.1:", target_port_, ": ", std::strerror(errno));
      {
        absl::MutexLock l(&mu_);
        last_error_ = error;  // Before the client sees its connection close.
      }
      close(client);
      continue;
    }
    ++accepted_;
    auto c = std::make_unique<Connection>();
    c->client = client;
    c->target = target;
    c->started = Clock::now();
    Connection* raw = c.get();
    absl::MutexLock l(&mu_);
    c->up = std::thread([this, raw] { Pump(raw, raw->client, raw->target, &up_, &up_bucket_); });
    c->down =
        std::thread([this, raw] { Pump(raw, raw->target, raw->client, &down_, &down_bucket_); });
    connections_.push_back(std::move(c));
  }
}

void FlakyProxy::Reap() {
  std::vector<std::unique_ptr<Connection>> done;
  {
    absl::MutexLock l(&mu_);
    auto ended = std::stable_partition(connections_.begin(), connections_.end(),
                                       [](const auto& c) { return c->finished.load() < 2; });
    for (auto it = ended; it != connections_.end(); ++it) done.push_back(std::move(*it));
    connections_.erase(ended, connections_.end());
  }
  for (auto& c : done) {
    c->up.join();
    c->down.join();
    close(c->client);
    close(c->target);
  }
}

bool FlakyProxy::CutIfDue(Connection* c) {
  bool due = false;
  {
    absl::MutexLock l(&mu_);
    if (c->faults_generation != faults_generation_) {
      c->faults_generation = faults_generation_;
      c->cut_at = faults_.cut_after_max > absl::ZeroDuration()
                      ? RandomWithin(std::max(c->started, faults_set_at_), faults_.cut_after_min,
                                     faults_.cut_after_max)
                      : Clock::time_point::max();
    }
    due = Clock::now() >= c->cut_at;
  }
  if (due && !c->cut.exchange(true)) {
    ++cuts_;
    // Both ends see the connection end, as when the route between them drops.
    shutdown(c->client, SHUT_RDWR);
    shutdown(c->target, SHUT_RDWR);
  }
  return c->cut.load();
}

bool FlakyProxy::StallIfDue(Clock::time_point* next_stall) {
  uint64_t generation = 0;
  Clock::time_point until;
  {
    absl::MutexLock l(&mu_);
    if (faults_.stall_every <= absl::ZeroDuration()) return !stopping_;
    // A stall schedule drawn under older faults starts again from when these were set.
    if (*next_stall < faults_set_at_) {
      *next_stall = RandomWithin(faults_set_at_, absl::ZeroDuration(), faults_.stall_every);
    }
    const Clock::time_point now = Clock::now();
    if (now < *next_stall) return !stopping_;
    generation = faults_generation_;
    until = now + absl::ToChronoMicroseconds(faults_.stall_for);
    *next_stall = RandomWithin(until, absl::ZeroDuration(), faults_.stall_every);
  }
  ++stalls_;
  while (!stopping_ && Clock::now() < until) {
    {
      absl::MutexLock l(&mu_);
      if (faults_generation_ != generation) break;  // Healed, or other faults.
    }
    std::this_thread::sleep_for(kSlice);  // The stall itself: the link holds the bytes.
  }
  return !stopping_;
}

bool FlakyProxy::Throttle(Bucket* bucket, size_t n) {
  uint64_t generation = 0;
  Clock::time_point until;
  {
    absl::MutexLock l(&mu_);
    if (faults_.bytes_per_second <= 0) return !stopping_;
    generation = faults_generation_;
    const auto cost = std::chrono::nanoseconds(static_cast<int64_t>(n) * 1'000'000'000 /
                                               faults_.bytes_per_second);
    bucket->next_free = std::max(bucket->next_free, Clock::now()) + cost;
    until = bucket->next_free;
  }
  while (!stopping_ && Clock::now() < until) {
    {
      absl::MutexLock l(&mu_);
      if (faults_generation_ != generation) break;  // Healed, or other faults.
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(kSlice, until - Clock::now()));
  }
  return !stopping_;
}

void FlakyProxy::Pump(Connection* c, int from, int to, std::atomic<uint64_t>* counter,
                      Bucket* bucket) {
  char buf[64 * 1024];
  Clock::time_point next_stall{};
  bool write_failed = false;
  while (!stopping_ && !CutIfDue(c)) {
    pollfd p{from, POLLIN, 0};
    const int ready = poll(&p, 1, 20);  // Wakes to notice a cut due or stopping_.
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    if (ready < 0) break;
    size_t max = sizeof(buf);
    {
      absl::MutexLock l(&mu_);
      // Under a cap, pieces of 1/50 s each, so that the bytes trickle as on a slow line.
      if (faults_.bytes_per_second > 0) {
        max =
            std::clamp<size_t>(static_cast<size_t>(faults_.bytes_per_second / 50), 64, sizeof(buf));
      }
    }
    const ssize_t n = read(from, buf, max);
    if (n <= 0) break;
    if (!StallIfDue(&next_stall) || !Throttle(bucket, static_cast<size_t>(n))) break;
    if (CutIfDue(c)) break;                // What was held when the link dropped is lost.
    *counter += static_cast<uint64_t>(n);  // Before the other end can see the bytes.
    ssize_t off = 0;
    while (off < n) {
      // MSG_NOSIGNAL: a peer gone (a killed node) is a failed write, not a SIGPIPE that would
      // end the whole process the proxy runs in.
      const ssize_t w = send(to, buf + off, static_cast<size_t>(n - off), MSG_NOSIGNAL);
      if (w <= 0) {
        write_failed = true;
        break;
      }
      off += w;
    }
    if (write_failed) break;
  }
  if (write_failed) {
    shutdown(from, SHUT_RDWR);
  } else {
    shutdown(to, SHUT_WR);
  }
  ++c->finished;
}

}  // namespace kinerja::testing
