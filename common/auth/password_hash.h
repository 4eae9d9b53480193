// Passwords of the web console's users, kept as Argon2id hashes in libsodium's string form
// ("$argon2id$v=19$m=262144,t=3,p=1$<salt>$<hash>": the limits travel with the hash), plus the
// random tokens and constant-time comparison a login session needs. Made by `kinerjactl user
// add`, checked by kinerjad at login. Never log a password, a hash or a token.
#ifndef KINERJA_COMMON_AUTH_PASSWORD_HASH_H_
#define KINERJA_COMMON_AUTH_PASSWORD_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kinerja::auth {

// How much work one hash costs (libsodium's opslimit and memlimit).
struct PwhashLimits {
  uint64_t ops = 0;      // Passes over the memory.
  size_t mem_bytes = 0;  // Memory used while hashing or verifying, bytes.
};

// libsodium's "moderate" limits (3 passes, 256 MiB): what `kinerjactl user add` uses; about
// half a second per hash or login on one core.
PwhashLimits ModeratePwhashLimits();
// libsodium's smallest limits (1 pass, 8 KiB): for tests only, which hash many passwords.
PwhashLimits MinimalPwhashLimits();

// An Argon2id (ARGON2ID13) hash of `password` with a fresh random salt.
// INTERNAL if libsodium cannot start or runs out of memory.
[[nodiscard]] absl::StatusOr<std::string> HashPassword(absl::string_view password,
                                                       const PwhashLimits& limits);

// Whether `hash` looks like a hash HashPassword makes ("$argon2id$...", printable, no ':').
bool IsArgon2idHash(absl::string_view hash);

// Whether `password` is the one `hash` was made from. False for a malformed hash. Costs what
// the limits inside `hash` say.
bool VerifyPassword(absl::string_view hash, absl::string_view password);

// `bytes` bytes from libsodium's randombytes as lower-case hex (2 * bytes characters).
std::string RandomHexToken(size_t bytes);

// Whether `a` equals `b`, in time that depends on their lengths only (sodium_memcmp).
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// A hex BLAKE2b digest of `text` (crypto_generichash, 32 bytes): a session token is kept as
// its digest, so a lookup in a map leaks nothing of the token through its timing.
std::string DigestHex(absl::string_view text);

}  // namespace kinerja::auth

#endif  // KINERJA_COMMON_AUTH_PASSWORD_HASH_H_
