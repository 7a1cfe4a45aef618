// The attention keys and values of every position a model has seen, for one
// or more independent sequences.
//
// Each layer keeps, per sequence, `context_length` rows of n_head_kv x
// head_dim values in F16 (the default, as llama.cpp) or Q8_0 (half the
// memory, a little less exact). A sequence's rows beyond the positions it
// has evaluated are garbage: the forward pass only reads positions up to the
// token it computes, so truncating a sequence needs no clearing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "hearth/model/hyperparameters.h"
#include "hearth/tensor/ops.h"
#include "hearth/tensor/type.h"

namespace hearth::model {

class KvCache {
 public:
  // Throws Error(invalid_argument) for a type that is not a cache type, a
  // Q8_0 cache whose head size is not a multiple of 32, or zero sizes, and
  // Error(resource_exhausted) when the allocation fails.
  KvCache(const Hyperparameters& hyperparameters, std::uint32_t context_length,
          std::uint32_t sequences, tensor::TensorType type);

  // Bytes a cache of these dimensions allocates.
  static std::uint64_t bytes_needed(const Hyperparameters& hyperparameters,
                                    std::uint32_t context_length, std::uint32_t sequences,
                                    tensor::TensorType type) noexcept;

  std::uint32_t context_length() const noexcept { return context_length_; }
  std::uint32_t sequences() const noexcept { return sequences_; }
  tensor::TensorType type() const noexcept { return type_; }
  std::uint64_t size_bytes() const noexcept { return size_bytes_; }

  // Bytes from one position's row to the next.
  std::size_t row_bytes() const noexcept { return row_bytes_; }
  // Bytes of one head inside a row.
  std::size_t head_bytes() const noexcept { return head_bytes_; }

  std::byte* keys(std::uint32_t layer, std::uint32_t sequence, std::uint32_t position) noexcept;
  std::byte* values(std::uint32_t layer, std::uint32_t sequence, std::uint32_t position) noexcept;

  // One head of one layer and sequence, from position 0.
  tensor::KvHeadView key_head(std::uint32_t layer, std::uint32_t sequence,
                              std::uint32_t head) noexcept;
  tensor::KvHeadView value_head(std::uint32_t layer, std::uint32_t sequence,
                                std::uint32_t head) noexcept;

 private:
  std::byte* row(std::size_t plane, std::uint32_t layer, std::uint32_t sequence,
                 std::uint32_t position) noexcept;

  std::uint32_t n_layer_;
  std::uint32_t context_length_;
  std::uint32_t sequences_;
  tensor::TensorType type_;
  std::size_t row_bytes_;
  std::size_t head_bytes_;
  std::uint64_t size_bytes_;
  std::unique_ptr<std::byte[]> storage_;
};

}  // namespace hearth::model
