#include "hearth/util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "hearth/util/error.h"

namespace hearth {
namespace {

// Distinct names for temporaries made by this process at the same moment.
std::atomic<std::uint64_t> temporary_counter{0};

std::filesystem::path temporary_beside(const std::filesystem::path& target) {
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  const std::string name =
      fmt::format(".{}.tmp-{}-{}-{}", target.filename().string(), ::getpid(),
                  temporary_counter.fetch_add(1), static_cast<std::uint64_t>(ticks));
  return target.parent_path() / name;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target, Access access) : target_(std::move(target)) {
  if (target_.filename().empty()) {
    raise(ErrorKind::invalid_argument, "cannot write to {}: it names a folder", target_.string());
  }
  // O_EXCL makes a name taken by someone else fail instead of being shared;
  // another fresh name then almost surely succeeds.
  constexpr int kAttempts = 16;
  const mode_t mode = access == Access::owner_only ? 0600 : 0666;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    temporary_ = temporary_beside(target_);
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd_ >= 0) break;
    if (errno != EEXIST) break;
  }
  if (fd_ >= 0) {
    // The umask may only take permissions away; a private file's mode is made exact.
    if (access == Access::owner_only && ::fchmod(fd_, mode) != 0) {
      const int error = errno;
      ::close(std::exchange(fd_, -1));
      ::unlink(temporary_.c_str());
      raise(ErrorKind::io, "cannot set the mode of {}: {}", temporary_.string(),
            std::strerror(error));
    }
    return;
  }
  const int error = errno;
  raise(error == ENOENT ? ErrorKind::not_found : ErrorKind::io, "cannot create {}: {}",
        temporary_.string(), std::strerror(error));
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temporary_.c_str());
  }
}

void AtomicFile::append(std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      raise(ErrorKind::io, "cannot write {}: {}", temporary_.string(), std::strerror(errno));
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
}

void AtomicFile::append_zeros(std::uint64_t count) {
  static constexpr std::array<std::byte, 4096> kZeros{};
  while (count > 0) {
    const std::uint64_t chunk = std::min<std::uint64_t>(count, kZeros.size());
    append(std::span(kZeros).first(static_cast<std::size_t>(chunk)));
    count -= chunk;
  }
}

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) {
    raise(ErrorKind::io, "cannot flush {}: {}", temporary_.string(), std::strerror(errno));
  }
  if (::close(std::exchange(fd_, -1)) != 0) {
    const int error = errno;
    ::unlink(temporary_.c_str());
    raise(ErrorKind::io, "cannot close {}: {}", temporary_.string(), std::strerror(error));
  }
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary_.c_str());
    raise(ErrorKind::io, "cannot rename {} to {}: {}", temporary_.string(), target_.string(),
          std::strerror(error));
  }
}

}  // namespace hearth
