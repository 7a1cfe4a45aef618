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
  // Version 3 unless told otherwise; version 2 is accepted for tests.
  explicit Writer(std::uint32_t version = 3);

  Metadata& metadata() noexcept { return metadata_; }
  const Metadata& metadata() const noexcept { return metadata_; }

  // Sets general.alignment (a power of two) and uses it for the layout.
  void set_alignment(std::uint64_t alignment);

  // Adds a tensor. `data` must be exactly the bytes the shape and type need;
  // names must be unique and shorter than 64 bytes (GGML_MAX_NAME); up to four
  // dimensions. Throws Error(invalid_argument) otherwise.
  void add_tensor(std::string name, std::vector<std::uint64_t> shape, tensor::TensorType type,
                  std::vector<std::byte> data);

  // The whole file image.
  std::vector<std::byte> to_bytes() const;

  // Writes to `path` through a temporary file in the same folder that is
  // renamed into place, so a failed write never leaves a half file behind.
  void write(const std::filesystem::path& path) const;

 private:
  struct PendingTensor {
    std::string name;
    std::vector<std::uint64_t> shape;
    tensor::TensorType type;
    std::vector<std::byte> data;
  };

  std::uint32_t version_;
  std::uint64_t alignment_;
  Metadata metadata_;
  std::vector<PendingTensor> tensors_;
};

}  // namespace hearth::gguf
