// SHA-256, the hash the Hugging Face hub publishes for every LFS file
// (libsodium's implementation).
#pragma once

#include <sodium.h>

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

namespace hearth::hub {

// Incremental: update() as bytes arrive, hex_digest() once at the end.
class Sha256 {
 public:
  Sha256();
  void update(std::span<const std::byte> bytes);
  // The digest as 64 lower-case hex digits. Ends this hash; reset() starts
  // another.
  std::string hex_digest();
  void reset();

 private:
  crypto_hash_sha256_state state_;
};

// The hash of a whole file. Throws Error(not_found) when it cannot be
// opened, Error(io) when a read fails.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace hearth::hub
