// A read-only memory map of a whole file.
//
// Model weights are used in place from the page cache, never copied. The map
// lives as long as the MappedFile; spans handed out by bytes() dangle after it
// is destroyed or moved from.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace hearth {

class MappedFile {
 public:
  // Maps `path` read-only. Throws Error(not_found) if it does not exist,
  // Error(io) if it cannot be opened or mapped. An empty file maps to an
  // empty span.
  static MappedFile open(const std::filesystem::path& path);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const std::byte> bytes() const noexcept { return {data_, size_}; }
  std::size_t size() const noexcept { return size_; }

 private:
  MappedFile(const std::byte* data, std::size_t size) : data_(data), size_(size) {}
  void release() noexcept;

  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace hearth
