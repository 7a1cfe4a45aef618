// The "<file>.part" a download grows in: open and locked for the whole
// download, so two pulls of one file cannot interleave their bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>

#include "hearth/hub/sha256.h"

namespace hearth::hub::detail {

class PartFile {
 public:
  // Opens (creating) and locks it. Throws Error(io) when it cannot, or when
  // another process holds the lock.
  explicit PartFile(std::filesystem::path path);
  ~PartFile();
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  std::uint64_t size() const;

  // Empties the file; the next write starts at 0.
  void truncate();
  // The next write goes at the end.
  void seek_end();
  // Writes all of `bytes`; false with errno set when the system refuses.
  // Never throws: it runs inside libcurl's callbacks.
  bool write(std::span<const std::byte> bytes) noexcept;
  // Feeds the first `bytes` of the file to `hash`.
  void hash_prefix(Sha256& hash, std::uint64_t bytes) const;

  // Flushes to disk and renames it to `destination` (then flushes that
  // folder), so the file appears whole or not at all.
  void commit_as(const std::filesystem::path& destination);
  // Deletes it.
  void discard();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace hearth::hub::detail
