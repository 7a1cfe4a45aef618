// Reading GGUF files (versions 2 and 3).
//
// A GGUF file is read in full and validated once, at open: every count,
// length, type id, dimension, offset and the alignment are checked against the
// spec and the file size before anything else looks at it. Tensor data is never
// copied: tensor_data() returns spans into the memory map.
//
// What a valid file is, beyond the byte layout of the spec:
// - metadata keys are non-empty, valid UTF-8 and unique; bools are 0 or 1;
// - general.alignment, when present, is a u32 power of two;
// - tensor names are unique and at most 63 bytes (GGML_MAX_NAME with its NUL);
// - a tensor has 1 to 4 dimensions, each at least 1 (ggml has no use for an
//   empty tensor), and at most 2^63 - 1 elements (ggml counts in int64_t);
// - its type is one ggml assigns today, and its rows (shape[0]) are whole blocks;
// - its data offset is a multiple of the alignment, and its bytes lie inside
//   the file without overlapping another tensor's. Unlike llama.cpp the tensors
//   need not be packed in the order of their infos.
// A file without tensors may end right after its metadata, unpadded, as the
// vocabulary files llama.cpp ships do.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/gguf/value.h"
#include "hearth/tensor/type.h"

namespace hearth::gguf {

inline constexpr std::uint32_t kMagic = 0x46554747;  // "GGUF" read little-endian
inline constexpr std::uint64_t kDefaultAlignment = 32;
inline constexpr std::string_view kAlignmentKey = "general.alignment";
inline constexpr std::size_t kMaxDimensions = 4;  // GGML_MAX_DIMS
// GGML_MAX_NAME is 64 bytes including the terminating NUL.
inline constexpr std::size_t kMaxTensorNameBytes = 63;
// ggml counts elements in int64_t.
inline constexpr std::uint64_t kMaxTensorElements = std::numeric_limits<std::int64_t>::max();

struct TensorInfo {
  std::string name;
  // ggml order: shape[0] is the innermost (contiguous) dimension.
  std::vector<std::uint64_t> shape;
  tensor::TensorType type = tensor::TensorType::f32;
  std::uint64_t offset = 0;  // from the start of the data section
  std::uint64_t size_bytes = 0;

  std::uint64_t element_count() const noexcept;
};

// Limits that keep a hostile file from exhausting memory. The defaults accept
// every real model; tests and the fuzzer lower them.
struct ReadLimits {
  std::uint64_t max_string_bytes = std::uint64_t{1} << 24;  // one string
  std::uint64_t max_array_items = std::uint64_t{1} << 26;   // one array
  // All array items in the metadata together. Each item costs ~40 bytes in
  // memory, so without this a file of many byte arrays could inflate forty
  // times; the largest real vocabularies hold about a million items in all.
  std::uint64_t max_total_array_items = std::uint64_t{1} << 24;
  std::uint64_t max_metadata_entries = std::uint64_t{1} << 20;
  std::uint64_t max_tensors = std::uint64_t{1} << 20;
  std::uint32_t max_array_nesting = 8;
};

class File {
 public:
  // Maps and validates `path`. Throws Error(not_found) / Error(io) when the file
  // cannot be opened, Error(invalid_data) naming the problem and its byte offset
  // ("gguf: tensor 'blk.0.attn_q.weight' data (4096 bytes at data offset 64)
  // runs past the end of the file (4096 bytes, data section starts at 832) at
  // offset 812 in model.gguf") when it is malformed, Error(resource_exhausted)
  // when it is well-formed but over one of `limits`, Error(unsupported) for
  // version 1, a big-endian file or a version newer than 3.
  static File open(const std::filesystem::path& path, const ReadLimits& limits = {});

  // Parses a file image held by the caller, who must keep `bytes` alive as long
  // as this File (tensor_data spans point into it). Same errors as open().
  static File parse(std::span<const std::byte> bytes, const ReadLimits& limits = {});

  File(File&&) noexcept;
  File& operator=(File&&) noexcept;
  ~File();

  std::uint32_t version() const noexcept;
  const Metadata& metadata() const noexcept;
  std::span<const TensorInfo> tensors() const noexcept;
  const TensorInfo* find_tensor(std::string_view name) const noexcept;

  std::uint64_t alignment() const noexcept;
  std::uint64_t data_offset() const noexcept;  // where the data section starts
  std::uint64_t file_size() const noexcept;

  // The bytes of one tensor, inside the map. `tensor` must be one of tensors().
  std::span<const std::byte> tensor_data(const TensorInfo& tensor) const noexcept;

 private:
  struct State;
  explicit File(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hearth::gguf
