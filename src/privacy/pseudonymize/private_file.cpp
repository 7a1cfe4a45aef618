#include "private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

constexpr mode_t kOwnerOnly = 0600;

// Distinct temporaries for several saves by this process at once.
std::atomic<std::uint64_t> temporary_counter{0};

ErrorKind kind_for(int error) {
  return error == ENOENT ? ErrorKind::not_found : ErrorKind::io;
}

// Closes the descriptor and, unless released, removes the temporary: a
// failed save leaves nothing behind.
class Temporary {
 public:
  Temporary(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  Temporary(const Temporary&) = delete;
  Temporary& operator=(const Temporary&) = delete;
  ~Temporary() {
    if (fd_ >= 0) ::close(fd_);
    if (!released_) ::unlink(path_.c_str());
  }

  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }
  // Closes the descriptor, reporting what close() says: with some file
  // systems that is where a failed write shows.
  int close() { return ::close(std::exchange(fd_, -1)); }
  void release() { released_ = true; }

 private:
  std::filesystem::path path_;
  int fd_;
  bool released_ = false;
};

Temporary create_temporary_beside(const std::filesystem::path& target) {
  // O_EXCL refuses a name someone else holds; a fresh name then succeeds.
  constexpr int kAttempts = 16;
  std::filesystem::path candidate;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    candidate = target.parent_path() / fmt::format(".{}.tmp-{}-{}", target.filename().string(),
                                                   ::getpid(), temporary_counter.fetch_add(1));
    const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kOwnerOnly);
    if (fd >= 0) return Temporary(candidate, fd);
    if (errno != EEXIST) break;
  }
  const int error = errno;
  raise(kind_for(error), "cannot create {}: {}", candidate.string(), std::strerror(error));
}

}  // namespace

void write_private_file(const std::filesystem::path& path, std::string_view bytes) {
  if (path.filename().empty()) {
    raise(ErrorKind::invalid_argument, "cannot write to {}: it names a folder", path.string());
  }
  Temporary temporary = create_temporary_beside(path);
  // The umask may only take permissions away; this makes the mode exact.
  if (::fchmod(temporary.fd(), kOwnerOnly) != 0) {
    raise(ErrorKind::io, "cannot set the mode of {}: {}", temporary.path().string(),
          std::strerror(errno));
  }
  while (!bytes.empty()) {
    const ssize_t written = ::write(temporary.fd(), bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      raise(ErrorKind::io, "cannot write {}: {}", temporary.path().string(), std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::fsync(temporary.fd()) != 0) {
    raise(ErrorKind::io, "cannot flush {}: {}", temporary.path().string(), std::strerror(errno));
  }
  if (temporary.close() != 0) {
    raise(ErrorKind::io, "cannot close {}: {}", temporary.path().string(), std::strerror(errno));
  }
  if (std::rename(temporary.path().c_str(), path.c_str()) != 0) {
    const int error = errno;
    raise(kind_for(error), "cannot rename {} to {}: {}", temporary.path().string(), path.string(),
          std::strerror(error));
  }
  temporary.release();
}

std::string read_file_at_most(const std::filesystem::path& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    raise(kind_for(error), "cannot open {}: {}", path.string(), std::strerror(error));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};

  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    raise(ErrorKind::io, "cannot stat {}: {}", path.string(), std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    raise(ErrorKind::io, "cannot read {}: not a regular file", path.string());
  }
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    raise(ErrorKind::invalid_data, "{} is {} bytes, more than the {} it may have", path.string(),
          info.st_size, max_bytes);
  }
  std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t got = ::read(fd, bytes.data() + filled, bytes.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      raise(ErrorKind::io, "cannot read {}: {}", path.string(), std::strerror(errno));
    }
    if (got == 0) break;  // the file shrank while being read; what is here is what there is
    filled += static_cast<std::size_t>(got);
  }
  bytes.resize(filled);
  return bytes;
}

}  // namespace hearth::privacy
