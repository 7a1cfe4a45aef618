// A bounds-checked little-endian cursor over a GGUF file image.
//
// Every read checks the bytes are there first, so a truncated or lying file
// ends in one Error naming what was being read and where, never in a read past
// the end. All parse errors of the reader go through fail(), which gives them
// their common shape: "gguf: <what is wrong> at offset <n>[ in <file>]".
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hearth/util/error.h"

namespace hearth::gguf {

class ByteReader {
 public:
  // `source` names the file in error messages; empty for an in-memory image.
  ByteReader(std::span<const std::byte> image, std::string source);

  std::uint64_t position() const noexcept { return position_; }
  std::uint64_t size() const noexcept { return image_.size(); }
  std::uint64_t remaining() const noexcept { return image_.size() - position_; }

  // `what` names the field for the error raised when the file ends inside it.
  std::uint8_t u8(std::string_view what) { return read_le<std::uint8_t>(what); }
  std::uint16_t u16(std::string_view what) { return read_le<std::uint16_t>(what); }
  std::uint32_t u32(std::string_view what) { return read_le<std::uint32_t>(what); }
  std::uint64_t u64(std::string_view what) { return read_le<std::uint64_t>(what); }

  std::span<const std::byte> bytes(std::uint64_t count, std::string_view what);

  // A GGUF string (u64 length, then the bytes), viewed in place. Longer than
  // `max_bytes` is Error(resource_exhausted); past the end, Error(invalid_data).
  std::string_view string(std::string_view what, std::uint64_t max_bytes);

  [[noreturn]] void fail(ErrorKind kind, std::uint64_t offset, std::string_view problem) const;

 private:
  void require(std::uint64_t count, std::string_view what) const;

  template <typename T>
  T read_le(std::string_view what) {
    require(sizeof(T), what);
    // Assembled byte by byte so the result is right whatever the host's byte order.
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      value |= static_cast<T>(static_cast<T>(image_[position_ + i]) << (8 * i));
    }
    position_ += sizeof(T);
    return value;
  }

  std::span<const std::byte> image_;
  std::string source_;
  std::uint64_t position_ = 0;
};

}  // namespace hearth::gguf
