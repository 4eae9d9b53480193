// Tells systemd (Type=notify) how the daemon stands, through libsystemd's sd_notify: READY=1
// once the replica is open and the listeners bound, STOPPING=1 when draining begins, and
// WATCHDOG=1 at half the unit's WatchdogSec while the process runs. Without NOTIFY_SOCKET
// (not under systemd) every call does nothing.
#ifndef KINERJA_DAEMON_HEALTH_SYSTEMD_NOTIFY_H_
#define KINERJA_DAEMON_HEALTH_SYSTEMD_NOTIFY_H_

#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace kinerja::daemon {

// Thread-compatible: kinerjad's main thread calls it.
class SystemdNotifier {
 public:
  SystemdNotifier() = default;
  ~SystemdNotifier();  // Stops the watchdog pings.
  SystemdNotifier(const SystemdNotifier&) = delete;
  SystemdNotifier& operator=(const SystemdNotifier&) = delete;

  // READY=1 with `status` (a line systemctl status shows); starts the watchdog pings if
  // WATCHDOG_USEC asks for them.
  void Ready(const std::string& status);
  // STOPPING=1. The watchdog keeps pinging until destruction: draining is still alive.
  void Stopping();

 private:
  absl::Notification stop_;
  std::thread watchdog_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_HEALTH_SYSTEMD_NOTIFY_H_
