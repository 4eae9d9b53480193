#include "common/auth/password_hash.h"

#include <sodium.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"

namespace kinerja::auth {
namespace {

// sodium_init is thread-safe and idempotent: 0 the first time, 1 after, -1 on failure.
bool SodiumReady() { return sodium_init() >= 0; }

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();  // The terminating NUL sodium_bin2hex writes.
  return hex;
}

}  // namespace

PwhashLimits ModeratePwhashLimits() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

PwhashLimits MinimalPwhashLimits() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

absl::StatusOr<std::string> HashPassword(absl::string_view password, const PwhashLimits& limits) {
  if (!SodiumReady()) return absl::InternalError("libsodium cannot start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), limits.ops, limits.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::InternalError("cannot hash the password (out of memory?)");
  }
  return std::string(out);
}

bool IsArgon2idHash(absl::string_view hash) {
  if (!absl::StartsWith(hash, "$argon2id$") || hash.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  for (char c : hash) {
    if (c <= ' ' || c > '~' || c == ':') return false;
  }
  return true;
}

bool VerifyPassword(absl::string_view hash, absl::string_view password) {
  if (!SodiumReady() || !IsArgon2idHash(hash)) return false;
  const std::string terminated(hash);  // crypto_pwhash_str_verify reads a C string.
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string RandomHexToken(size_t bytes) {
  // randombytes_buf works (and aborts rather than fail) without sodium_init on Linux; the
  // init only picks the best source.
  SodiumReady();
  std::vector<unsigned char> random(bytes);
  randombytes_buf(random.data(), random.size());
  std::string hex = Hex(random.data(), random.size());
  sodium_memzero(random.data(), random.size());
  return hex;
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string DigestHex(absl::string_view text) {
  SodiumReady();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

}  // namespace kinerja::auth
