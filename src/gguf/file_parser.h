// Parsing and validating a whole GGUF image: header, metadata, tensor infos
// and the placement of every tensor's data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hearth/gguf/file.h"

namespace hearth::gguf {

struct ParsedFile {
  std::uint32_t version = 0;
  Metadata metadata;
  std::vector<TensorInfo> tensors;
  // Name -> index into `tensors`. The keys view the names inside the image, so
  // they stay valid for as long as the image does, wherever this struct moves.
  std::unordered_map<std::string_view, std::size_t> tensor_index;
  std::uint64_t alignment = kDefaultAlignment;
  std::uint64_t data_offset = 0;
};

// Throws the errors documented on File::open; `source` names the file in them
// (empty for an image the caller holds).
ParsedFile parse_file(std::span<const std::byte> image, std::string source,
                      const ReadLimits& limits);

}  // namespace hearth::gguf
