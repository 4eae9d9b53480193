#include "bench/byte_counting_proxy.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace kinerja::bench {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

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

}  // namespace

absl::StatusOr<std::unique_ptr<ByteCountingProxy>> ByteCountingProxy::Listen(int listen_port,
                                                                             int target_port) {
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
  return std::unique_ptr<ByteCountingProxy>(new ByteCountingProxy(fd, target_port));
}

ByteCountingProxy::ByteCountingProxy(int listen_fd, int target_port)
    : listen_fd_(listen_fd), target_port_(target_port) {
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

ByteCountingProxy::~ByteCountingProxy() {
  stopping_ = true;
  acceptor_.join();
  std::vector<std::thread> pumps;
  {
    absl::MutexLock l(&mu_);
    for (int fd : fds_) shutdown(fd, SHUT_RDWR);
    pumps.swap(pumps_);
  }
  for (auto& t : pumps) t.join();
  absl::MutexLock l(&mu_);
  for (int fd : fds_) close(fd);
  close(listen_fd_);
}

std::string ByteCountingProxy::last_error() const {
  absl::MutexLock l(&mu_);
  return last_error_;
}

void ByteCountingProxy::AcceptLoop() {
  while (!stopping_) {
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
    absl::MutexLock l(&mu_);
    fds_.push_back(client);
    fds_.push_back(target);
    pumps_.emplace_back([this, client, target] { Pump(client, target, &up_); });
    pumps_.emplace_back([this, client, target] { Pump(target, client, &down_); });
  }
}

void ByteCountingProxy::Pump(int from, int to, std::atomic<uint64_t>* counter) {
  char buf[64 * 1024];
  for (;;) {
    const ssize_t n = read(from, buf, sizeof(buf));
    if (n <= 0) break;
    *counter += static_cast<uint64_t>(n);  // Before the other end can see the bytes.
    ssize_t off = 0;
    while (off < n) {
      const ssize_t w = write(to, buf + off, static_cast<size_t>(n - off));
      if (w <= 0) {
        shutdown(from, SHUT_RDWR);
        return;
      }
      off += w;
    }
  }
  shutdown(to, SHUT_WR);
}

}  // namespace kinerja::bench
