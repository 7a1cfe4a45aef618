#include "byte_reader.h"

#include <utility>

namespace hearth::gguf {

ByteReader::ByteReader(std::span<const std::byte> image, std::string source)
    : image_(image), source_(std::move(source)) {}

std::span<const std::byte> ByteReader::bytes(std::uint64_t count, std::string_view what) {
  require(count, what);
  const auto start = static_cast<std::size_t>(position_);
  position_ += count;
  return image_.subspan(start, static_cast<std::size_t>(count));
}

std::string_view ByteReader::string(std::string_view what, std::uint64_t max_bytes) {
  const std::uint64_t start = position_;
  const std::uint64_t length = u64(what);
  if (length > remaining()) {
    fail(ErrorKind::invalid_data, start,
         fmt::format("{} claims {} bytes but only {} remain in the file", what, length,
                     remaining()));
  }
  if (length > max_bytes) {
    fail(ErrorKind::resource_exhausted, start,
         fmt::format("{} is {} bytes, over the limit of {}", what, length, max_bytes));
  }
  const std::span<const std::byte> text = bytes(length, what);
  return {reinterpret_cast<const char*>(text.data()), text.size()};
}

void ByteReader::fail(ErrorKind kind, std::uint64_t offset, std::string_view problem) const {
  if (source_.empty()) raise(kind, "gguf: {} at offset {}", problem, offset);
  raise(kind, "gguf: {} at offset {} in {}", problem, offset, source_);
}

void ByteReader::require(std::uint64_t count, std::string_view what) const {
  if (count > remaining()) {
    fail(ErrorKind::invalid_data, position_,
         fmt::format("file ends inside {}: needs {} bytes, {} remain", what, count, remaining()));
  }
}

}  // namespace hearth::gguf
