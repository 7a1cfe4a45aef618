// Moving ggml blocks between caller byte buffers and typed structs.
//
// Caller buffers (a mapped GGUF file, a vector of bytes) have no alignment
// promise and hold no C++ objects, so blocks are copied in and out with memcpy
// rather than reinterpreted in place; compilers turn the copies into plain
// loads and stores.
#pragma once

#include <bit>
#include <cstddef>
#include <cstring>
#include <span>
#include <type_traits>

namespace hearth::tensor::detail {

// GGUF stores tensor data little-endian and ggml's structs are read in host
// order; supporting a big-endian host would need byte swapping everywhere.
static_assert(std::endian::native == std::endian::little,
              "hearth reads ggml tensor data in host byte order");

template <typename Block>
concept GgmlBlock =
    std::is_trivially_copyable_v<Block> && std::is_standard_layout_v<Block> && requires {
  Block::kValues;
};

// Calls encode(values, block) for each run of Block::kValues floats and stores
// the block. source.size() must be a whole number of blocks and destination
// exactly large enough; quantize() checks both before any codec runs.
template <GgmlBlock Block, typename Encode>
void encode_blocks(std::span<const float> source, std::span<std::byte> destination,
                   Encode&& encode) {
  constexpr std::size_t kValues = Block::kValues;
  const std::size_t block_count = source.size() / kValues;
  for (std::size_t i = 0; i < block_count; ++i) {
    Block block{};
    encode(std::span<const float, kValues>(source.data() + i * kValues, kValues), block);
    std::memcpy(destination.data() + i * sizeof(Block), &block, sizeof(Block));
  }
}

// Loads each block and calls decode(block, values) to fill its run of floats.
template <GgmlBlock Block, typename Decode>
void decode_blocks(std::span<const std::byte> source, std::span<float> destination,
                   Decode&& decode) {
  constexpr std::size_t kValues = Block::kValues;
  const std::size_t block_count = destination.size() / kValues;
  for (std::size_t i = 0; i < block_count; ++i) {
    Block block;
    std::memcpy(&block, source.data() + i * sizeof(Block), sizeof(Block));
    decode(block, std::span<float, kValues>(destination.data() + i * kValues, kValues));
  }
}

}  // namespace hearth::tensor::detail
