// The knobs of one sync session (batch size and window), on either end. Its own header so
// that configuration and the options translation can name it without the engine.
#ifndef KINERJA_DAEMON_SYNC_SYNC_ENGINE_OPTIONS_H_
#define KINERJA_DAEMON_SYNC_SYNC_ENGINE_OPTIONS_H_

#include <cstddef>

namespace kinerja::daemon {

struct SyncEngineOptions {
  // Changes per batch. Default: 4000.
  size_t max_batch_changes = 4000;
  // Serialized change bytes per batch (beyond its first change). Default: 1 MiB.
  size_t max_batch_bytes = 1 << 20;
  // Batches sent before waiting for an ack. Default: 8.
  size_t window = 8;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_SYNC_ENGINE_OPTIONS_H_
