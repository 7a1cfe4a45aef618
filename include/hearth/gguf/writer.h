// Writing GGUF files that llama.cpp loads: the same header layout, the same
// alignment rules (every tensor's data starts at a multiple of
// general.alignment from the start of the data section, which itself starts at
// a multiple of the alignment), and the same padding bytes (zero).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "hearth/gguf/value.h"
#include "hearth/tensor/type.h"

namespace hearth::gguf {

class Writer {
 public:
  // Version 3 unless told otherwise; version 2 is accepted for tests (the
  // layout is the same). Throws Error(invalid_argument) for any other version.
  explicit Writer(std::uint32_t version = 3);

  Metadata& metadata() noexcept { return metadata_; }
  const Metadata& metadata() const noexcept { return metadata_; }

  // Sets general.alignment (a power of two that fits a u32). The layout always
  // follows general.alignment in metadata(), whatever set it, and is 32 bytes
  // without it. Throws Error(invalid_argument) for any other alignment.
  void set_alignment(std::uint64_t alignment);

  // Adds a tensor; tensors are laid out in the order they are added. `data`
  // must be exactly the bytes the shape and type need; names must be unique
  // and shorter than 64 bytes (GGML_MAX_NAME); one to four dimensions, each at
  // least 1, with rows (shape[0]) of whole blocks of `type`. Throws
  // Error(invalid_argument) otherwise, leaving the writer as it was.
  void add_tensor(std::string name, std::vector<std::uint64_t> shape, tensor::TensorType type,
                  std::vector<std::byte> data);

  // The whole file image. Throws Error(invalid_argument) when the metadata
  // cannot be written: an empty or non-UTF-8 key, an array holding items of
  // another type than its own, a general.alignment that is not a u32 power of two.
  std::vector<std::byte> to_bytes() const;

  // Writes the same bytes as to_bytes() to `path`, streaming each tensor from
  // its buffer rather than building the image, through a temporary file in the
  // same folder that is renamed into place, so a failed write never leaves a
  // half file behind. Same errors as to_bytes(), plus Error(io) /
  // Error(not_found) when the folder refuses the file.
  void write(const std::filesystem::path& path) const;

 private:
  struct PendingTensor {
    std::string name;
    std::vector<std::uint64_t> shape;
    tensor::TensorType type;
    std::vector<std::byte> data;
  };

  std::uint64_t layout_alignment() const;
  // Header, metadata, tensor infos and the zero padding that ends them at the
  // start of the data section.
  std::vector<std::byte> encode_head(std::uint64_t alignment) const;

  std::uint32_t version_;
  Metadata metadata_;
  std::vector<PendingTensor> tensors_;
};

}  // namespace hearth::gguf
