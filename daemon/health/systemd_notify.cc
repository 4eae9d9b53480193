#include "daemon/health/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace kinerja::daemon {

SystemdNotifier::~SystemdNotifier() {
  stop_.Notify();
  if (watchdog_.joinable()) watchdog_.join();
}

void SystemdNotifier::Ready(const std::string& status) {
  sd_notify(0, absl::StrCat("READY=1\nSTATUS=", status).c_str());
  uint64_t usec = 0;
  // > 0: WATCHDOG_USEC is set for this process; ping at half the interval, as sd_watchdog_enabled
  // advises.
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0 && !watchdog_.joinable()) {
    const absl::Duration period = absl::Microseconds(static_cast<int64_t>(usec / 2));
    watchdog_ = std::thread([this, period] {
      do {
        sd_notify(0, "WATCHDOG=1");
      } while (!stop_.WaitForNotificationWithTimeout(period));
    });
  }
}

void SystemdNotifier::Stopping() { sd_notify(0, "STOPPING=1\nSTATUS=draining"); }

}  // namespace kinerja::daemon
