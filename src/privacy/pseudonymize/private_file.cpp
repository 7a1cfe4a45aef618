#include "private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <span>

#include "hearth/util/atomic_file.h"
#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

ErrorKind kind_for(int error) {
  return error == ENOENT ? ErrorKind::not_found : ErrorKind::io;
}

}  // namespace

void write_private_file(const std::filesystem::path& path, std::string_view bytes) {
  AtomicFile file(path, AtomicFile::Access::owner_only);
  file.append(std::as_bytes(std::span(bytes.data(), bytes.size())));
  file.commit();
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
