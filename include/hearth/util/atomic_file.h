// A file written through a temporary beside it and renamed into place, so
// readers never see it half written and a failed write leaves nothing behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>

namespace hearth {

class AtomicFile {
 public:
  // Who may read the file: everyone the umask allows (models, caches), or
  // its owner alone (vaults, keys) whatever the umask says.
  enum class Access { shared, owner_only };

  // Creates the temporary in the folder of `target`. Throws Error(not_found)
  // when the folder does not exist, Error(io) when it refuses the file.
  explicit AtomicFile(std::filesystem::path target, Access access = Access::shared);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Removes the temporary unless commit() succeeded.
  ~AtomicFile();

  // Throw Error(io) when the write fails (a full disk, say).
  void append(std::span<const std::byte> bytes);
  void append_zeros(std::uint64_t count);

  // Flushes the temporary to disk and renames it over the target.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
};

}  // namespace hearth
