#include "part_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::hub::detail {
namespace {

[[noreturn]] void raise_errno(std::string_view action, const std::filesystem::path& path) {
  const int error = errno;
  raise(ErrorKind::io, "cannot {} {}: {}", action, path.string(), std::strerror(error));
}

}  // namespace

PartFile::PartFile(std::filesystem::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) raise_errno("create", path_);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(std::exchange(fd_, -1));
    if (error == EWOULDBLOCK) {
      raise(ErrorKind::io, "another hearth process is downloading {} (it holds {})",
            path_.filename().string(), path_.string());
    }
    raise(ErrorKind::io, "cannot lock {}: {}", path_.string(), std::strerror(error));
  }
}

PartFile::~PartFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t PartFile::size() const {
  struct stat status {};
  if (::fstat(fd_, &status) != 0) raise_errno("stat", path_);
  return static_cast<std::uint64_t>(status.st_size);
}

void PartFile::truncate() {
  if (::ftruncate(fd_, 0) != 0) raise_errno("truncate", path_);
  if (::lseek(fd_, 0, SEEK_SET) < 0) raise_errno("seek in", path_);
}

void PartFile::seek_end() {
  if (::lseek(fd_, 0, SEEK_END) < 0) raise_errno("seek in", path_);
}

bool PartFile::write(std::span<const std::byte> bytes) noexcept {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
  return true;
}

void PartFile::hash_prefix(Sha256& hash, std::uint64_t bytes) const {
  std::vector<std::byte> buffer(1u << 20);
  std::uint64_t offset = 0;
  while (offset < bytes) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), bytes - offset));
    const ssize_t got = ::pread(fd_, buffer.data(), want, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) raise_errno("read", path_);
    if (got == 0) raise(ErrorKind::io, "{} shrank while it was read", path_.string());
    hash.update(std::span(buffer.data(), static_cast<std::size_t>(got)));
    offset += static_cast<std::uint64_t>(got);
  }
}

void PartFile::commit_as(const std::filesystem::path& destination) {
  if (::fsync(fd_) != 0) raise_errno("flush", path_);
  if (::rename(path_.c_str(), destination.c_str()) != 0) {
    const int error = errno;
    raise(ErrorKind::io, "cannot move {} to {}: {}", path_.string(), destination.string(),
          std::strerror(error));
  }
  // The rename itself is only durable once the folder is flushed.
  const std::filesystem::path folder = destination.parent_path();
  const int folder_fd =
      ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_fd >= 0) {
    ::fsync(folder_fd);
    ::close(folder_fd);
  }
}

void PartFile::discard() {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) raise_errno("delete", path_);
}

}  // namespace hearth::hub::detail
