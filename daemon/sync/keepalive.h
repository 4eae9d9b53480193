// HTTP/2 keepalive of the sync link, written once for both ends: the child pings its parent
// to notice a dead link in seconds, and the parent must accept those pings. A parent that
// thinks pings come too often (gRPC's default minimum is 5 minutes without data) answers the
// third with GOAWAY "too_many_pings" and drops the session of a child waiting on it.
#ifndef KINERJA_DAEMON_SYNC_KEEPALIVE_H_
#define KINERJA_DAEMON_SYNC_KEEPALIVE_H_

namespace kinerja::daemon {

// The child pings this long after the last activity on its connection, during a session.
inline constexpr int kKeepaliveTimeMs = 20'000;
// ... and gives the link up if the answer takes longer than this.
inline constexpr int kKeepaliveTimeoutMs = 10'000;
// The parent accepts a ping this soon after the previous one, even with no data between:
// half the child's period, so jitter never makes a child's ping a strike.
inline constexpr int kMinRecvPingIntervalMs = kKeepaliveTimeMs / 2;
static_assert(kMinRecvPingIntervalMs < kKeepaliveTimeMs, "the parent must accept child pings");

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_KEEPALIVE_H_
