#include "hearth/hub/sha256.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::hub {

Sha256::Sha256() {
  reset();
}

void Sha256::update(std::span<const std::byte> bytes) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Sha256::hex_digest() {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state_, digest.data());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

void Sha256::reset() {
  crypto_hash_sha256_init(&state_);
}

std::string sha256_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    raise(error == ENOENT ? ErrorKind::not_found : ErrorKind::io, "cannot open {}: {}",
          path.string(), std::strerror(error));
  }
  Sha256 hash;
  std::vector<std::byte> buffer(1u << 20);
  while (true) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      raise(ErrorKind::io, "cannot read {}: {}", path.string(), std::strerror(error));
    }
    if (got == 0) break;
    hash.update(std::span(buffer.data(), static_cast<std::size_t>(got)));
  }
  ::close(fd);
  return hash.hex_digest();
}

}  // namespace hearth::hub
