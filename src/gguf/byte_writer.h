// Little-endian encoding of GGUF primitives into a growing byte buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace hearth::gguf {

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<std::byte>& out) : out_(out) {}

  std::uint64_t size() const noexcept { return out_.size(); }

  void u8(std::uint8_t value) { write_le(value); }
  void u16(std::uint16_t value) { write_le(value); }
  void u32(std::uint32_t value) { write_le(value); }
  void u64(std::uint64_t value) { write_le(value); }

  void bytes(std::span<const std::byte> data) { out_.insert(out_.end(), data.begin(), data.end()); }
  // A GGUF string: u64 length, then the bytes, no terminator.
  void string(std::string_view text);
  void zeros(std::uint64_t count) { out_.resize(out_.size() + count, std::byte{0}); }

 private:
  template <typename T>
  void write_le(T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      out_.push_back(static_cast<std::byte>((value >> (8 * i)) & 0xff));
    }
  }

  std::vector<std::byte>& out_;
};

}  // namespace hearth::gguf
