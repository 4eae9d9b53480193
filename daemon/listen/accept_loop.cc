#include "daemon/listen/accept_loop.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "daemon/config/host_port.h"
#include "daemon/runtime/log.h"

namespace kinerja::daemon {
namespace {

// 1, 10, 100, ...: how often a repeated event is worth a log line.
bool IsPowerOfTen(uint64_t n) {
  while (n >= 10 && n % 10 == 0) n /= 10;
  return n == 1;
}

// A connection onto a descriptor at or above this is refused: every one below it is in use
// (the kernel hands out the lowest free descriptor).
int FirstReservedFd(int reserved) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY ||
      limit.rlim_cur > static_cast<rlim_t>(INT_MAX)) {
    return INT_MAX;
  }
  const int soft = static_cast<int>(limit.rlim_cur);
  // A tiny limit still leaves half of it to connections.
  return soft > 2 * reserved ? soft - reserved : soft / 2;
}

std::string ListenError(const std::string& address, int error) {
  return absl::StrCat("cannot listen on ", address, ": ",
                      error == EADDRINUSE
                          ? "address in use (is another kinerjad listening there?)"
                          : absl::StrCat(strerror(error), " (is it an address of this machine?)"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<AcceptLoop>> AcceptLoop::Listen(const std::string& address,
                                                               AcceptLoopOptions options) {
  auto host_port = config::SplitHostPort(address);
  if (!host_port.ok()) return host_port.status();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = absl::StrCat(host_port->second);
  if (const int rc = getaddrinfo(host_port->first.c_str(), port_text.c_str(), &hints, &found);
      rc != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", address, ": ", gai_strerror(rc)));
  }
  // The first address of the host that can be bound; an IPv6 one also takes IPv4 (as gRPC's
  // own listener does).
  int fd = -1;
  int error = EADDRNOTAVAIL;
  for (const addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      error = errno;
      continue;
    }
    const int one = 1, zero = 0;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (a->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      error = errno;
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return absl::UnavailableError(ListenError(address, error));
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  int port = 0;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) == 0) {
    port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                             : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  }
  const int wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake < 0 || port == 0) {
    const int e = errno;
    close(fd);
    if (wake >= 0) close(wake);
    return absl::UnavailableError(ListenError(address, e));
  }
  return std::unique_ptr<AcceptLoop>(new AcceptLoop(fd, wake, port, address, options));
}

AcceptLoop::AcceptLoop(int listen_fd, int wake_fd, int port, std::string address,
                       AcceptLoopOptions options)
    : listen_fd_(listen_fd),
      wake_fd_(wake_fd),
      port_(port),
      address_(std::move(address)),
      options_(options) {}

AcceptLoop::~AcceptLoop() { Stop(); }

void AcceptLoop::Start(std::unique_ptr<grpc::experimental::ExternalConnectionAcceptor> acceptor) {
  acceptor_ = std::move(acceptor);
  thread_ = std::thread([this] { Run(); });
}

void AcceptLoop::Stop() {
  if (stopped_.exchange(true)) return;
  const uint64_t one = 1;
  const ssize_t ignored = write(wake_fd_, &one, sizeof(one));
  (void)ignored;
  if (thread_.joinable()) thread_.join();
  close(listen_fd_);
  close(wake_fd_);
}

void AcceptLoop::Run() {
  const int first_reserved = FirstReservedFd(options_.reserved_fds);
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      log().Error("accepting on ", address_, ": poll: ", strerror(errno));
      if (!Pause(options_.retry_after)) return;
      continue;
    }
    if (fds[1].revents != 0) return;
    if (fds[0].revents != 0 && !AcceptPending(first_reserved)) return;
  }
}

bool AcceptLoop::AcceptPending(int first_reserved) {
  uint64_t failures = 0;
  while (!stopped_.load()) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= first_reserved) {
      close(fd);
      const uint64_t n = ++refused_;
      if (IsPowerOfTen(n)) {
        log().Warning("refused a connection on ", address_, ": descriptor ", fd,
                   " is kept for the node's own use (", n, " refused so far)");
      }
      continue;
    }
    if (fd >= 0) {
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      grpc::experimental::ExternalConnectionAcceptor::NewConnectionParameters p;
      p.listener_fd = listen_fd_;
      p.fd = fd;
      acceptor_->HandleNewConnection(&p);
      continue;
    }
    switch (errno) {
      case EAGAIN:
        return true;
      case EINTR:
      case ECONNABORTED:
      case EPROTO:
        continue;
      default:
        // EMFILE, ENFILE, ENOBUFS, ENOMEM: out of descriptors or memory for now. gRPC's own
        // listener gives up here; this one waits a moment and accepts again.
        if (IsPowerOfTen(++failures)) {
          log().Warning("accepting on ", address_, ": ", strerror(errno), "; retrying");
        }
        if (!Pause(options_.retry_after)) return false;
    }
  }
  return false;
}

bool AcceptLoop::Pause(absl::Duration timeout) {
  pollfd wake{wake_fd_, POLLIN, 0};
  return poll(&wake, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout))) == 0;
}

}  // namespace kinerja::daemon
