#include "byte_writer.h"

namespace hearth::gguf {

void ByteWriter::string(std::string_view text) {
  u64(text.size());
  const auto* first = reinterpret_cast<const std::byte*>(text.data());
  out_.insert(out_.end(), first, first + text.size());
}

}  // namespace hearth::gguf
