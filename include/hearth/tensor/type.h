// Every ggml tensor type, known by id, name, block size and bytes per block.
//
// hearth must describe any real GGUF file even before it can compute with it,
// so this table lists all type ids ggml has assigned (ids that ggml retired are
// absent and rejected by the reader).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace hearth::tensor {

enum class TensorType : std::uint32_t {
  f32 = 0,
  f16 = 1,
  q4_0 = 2,
  q4_1 = 3,
  q5_0 = 6,
  q5_1 = 7,
  q8_0 = 8,
  q8_1 = 9,
  q2_k = 10,
  q3_k = 11,
  q4_k = 12,
  q5_k = 13,
  q6_k = 14,
  q8_k = 15,
  iq2_xxs = 16,
  iq2_xs = 17,
  iq3_xxs = 18,
  iq1_s = 19,
  iq4_nl = 20,
  iq3_s = 21,
  iq2_s = 22,
  iq4_xs = 23,
  i8 = 24,
  i16 = 25,
  i32 = 26,
  i64 = 27,
  f64 = 28,
  iq1_m = 29,
  bf16 = 30,
  tq1_0 = 34,
  tq2_0 = 35,
  mxfp4 = 39,
  nvfp4 = 40,
  q1_0 = 41,
  q2_0 = 42,
};

struct TypeTraits {
  TensorType type;
  std::string_view name;      // as llama.cpp prints it: "F32", "Q4_K", "IQ2_XXS"
  std::uint32_t block_size;   // elements per block (1 for plain types)
  std::uint32_t block_bytes;  // bytes per block
  bool quantized;             // block-quantized (not a plain number type)
};

// All known types, in id order.
std::span<const TypeTraits> all_type_traits() noexcept;

// nullptr for ids ggml never assigned or has retired.
const TypeTraits* find_type_traits(std::uint32_t id) noexcept;

// Traits of a valid enumerator. A TensorType cast from an unchecked id that
// names no type aborts the process: check ids with find_type_traits first.
const TypeTraits& type_traits(TensorType type) noexcept;

inline std::string_view type_name(TensorType type) noexcept {
  return type_traits(type).name;
}

// Case-insensitive: "q4_k", "Q4_K" and "q4_K" all name Q4_K.
std::optional<TensorType> type_from_name(std::string_view name) noexcept;

// Bytes taken by `elements` values of `type`, or nullopt when `elements` is not
// a whole number of blocks or the result would overflow 64 bits.
std::optional<std::uint64_t> bytes_for_elements(TensorType type, std::uint64_t elements) noexcept;

}  // namespace hearth::tensor
