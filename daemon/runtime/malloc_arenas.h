// glibc's allocator gives each thread that contends for it an arena of its own, up to eight
// per core, and memory freed into one arena is not reused by another. A large import parses on
// one worker, commits on another and RocksDB flushes on a third: with an arena each, the
// daemon's peak held about 60 MB more than it used (1 GB import: 307 MB peak with the default,
// 245 MB with two arenas). Two arenas keep that bounded; the daemon's hot paths allocate
// little, so the contention costs nothing measurable.
#ifndef KINERJA_DAEMON_RUNTIME_MALLOC_ARENAS_H_
#define KINERJA_DAEMON_RUNTIME_MALLOC_ARENAS_H_

namespace kinerja::daemon {

// Caps glibc's malloc arenas at `arenas` unless MALLOC_ARENA_MAX is set in the environment (an
// operator's choice wins). Returns whether the cap was set. Call at start-up, before threads.
bool LimitMallocArenas(int arenas);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_MALLOC_ARENAS_H_
