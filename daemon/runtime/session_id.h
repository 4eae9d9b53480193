// The id of one sync session at one node, for the `session` key of its log lines (issue 11,
// "Logs"): every line a node writes about a session carries the same id, and two sessions
// practically never share one. Each end of a session draws its own.
#ifndef KINERJA_DAEMON_RUNTIME_SESSION_ID_H_
#define KINERJA_DAEMON_RUNTIME_SESSION_ID_H_

#include <string>

namespace kinerja::daemon {

// 12 random hex digits (48 bits), e.g. "3fa09c1b22d4". Thread-safe.
std::string NewSessionId();

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_SESSION_ID_H_
