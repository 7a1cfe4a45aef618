#include "hearth/tensor/type.h"

#include <array>
#include <cstdlib>
#include <limits>

namespace hearth::tensor {
namespace {

// Block sizes and bytes per block are those of ggml's block structs
// (ggml-common.h) and its type_traits table (ggml.c); a block of 256 is a
// k-quant "super-block".
constexpr std::array kTypeTable{
    TypeTraits{TensorType::f32, "F32", 1, 4, false},
    TypeTraits{TensorType::f16, "F16", 1, 2, false},
    TypeTraits{TensorType::q4_0, "Q4_0", 32, 18, true},
    TypeTraits{TensorType::q4_1, "Q4_1", 32, 20, true},
    TypeTraits{TensorType::q5_0, "Q5_0", 32, 22, true},
    TypeTraits{TensorType::q5_1, "Q5_1", 32, 24, true},
    TypeTraits{TensorType::q8_0, "Q8_0", 32, 34, true},
    TypeTraits{TensorType::q8_1, "Q8_1", 32, 36, true},
    TypeTraits{TensorType::q2_k, "Q2_K", 256, 84, true},
    TypeTraits{TensorType::q3_k, "Q3_K", 256, 110, true},
    TypeTraits{TensorType::q4_k, "Q4_K", 256, 144, true},
    TypeTraits{TensorType::q5_k, "Q5_K", 256, 176, true},
    TypeTraits{TensorType::q6_k, "Q6_K", 256, 210, true},
    TypeTraits{TensorType::q8_k, "Q8_K", 256, 292, true},
    TypeTraits{TensorType::iq2_xxs, "IQ2_XXS", 256, 66, true},
    TypeTraits{TensorType::iq2_xs, "IQ2_XS", 256, 74, true},
    TypeTraits{TensorType::iq3_xxs, "IQ3_XXS", 256, 98, true},
    TypeTraits{TensorType::iq1_s, "IQ1_S", 256, 50, true},
    TypeTraits{TensorType::iq4_nl, "IQ4_NL", 32, 18, true},
    TypeTraits{TensorType::iq3_s, "IQ3_S", 256, 110, true},
    TypeTraits{TensorType::iq2_s, "IQ2_S", 256, 82, true},
    TypeTraits{TensorType::iq4_xs, "IQ4_XS", 256, 136, true},
    TypeTraits{TensorType::i8, "I8", 1, 1, false},
    TypeTraits{TensorType::i16, "I16", 1, 2, false},
    TypeTraits{TensorType::i32, "I32", 1, 4, false},
    TypeTraits{TensorType::i64, "I64", 1, 8, false},
    TypeTraits{TensorType::f64, "F64", 1, 8, false},
    TypeTraits{TensorType::iq1_m, "IQ1_M", 256, 56, true},
    TypeTraits{TensorType::bf16, "BF16", 1, 2, false},
    TypeTraits{TensorType::tq1_0, "TQ1_0", 256, 54, true},
    TypeTraits{TensorType::tq2_0, "TQ2_0", 256, 66, true},
    TypeTraits{TensorType::mxfp4, "MXFP4", 32, 17, true},
    // Four UE4M3 scales (one per 16 values) and 32 bytes of E2M1 nibbles.
    TypeTraits{TensorType::nvfp4, "NVFP4", 64, 36, true},
    // An fp16 scale and one sign bit per value.
    TypeTraits{TensorType::q1_0, "Q1_0", 128, 18, true},
    // An fp16 scale and two bits per value.
    TypeTraits{TensorType::q2_0, "Q2_0", 64, 18, true},
};

constexpr std::uint32_t id_of(TensorType type) {
  return static_cast<std::uint32_t>(type);
}

constexpr bool ids_strictly_increase() {
  for (std::size_t i = 1; i < kTypeTable.size(); ++i) {
    if (id_of(kTypeTable[i - 1].type) >= id_of(kTypeTable[i].type)) return false;
  }
  return true;
}
static_assert(ids_strictly_increase(), "all_type_traits() promises id order");

constexpr std::uint32_t kIdLimit = id_of(kTypeTable.back().type) + 1;
constexpr std::uint8_t kNoType = std::numeric_limits<std::uint8_t>::max();

// Ids are small and dense enough that a direct index beats searching on the
// hot path of reading a file's tensor list.
constexpr std::array<std::uint8_t, kIdLimit> kTableIndexById = [] {
  std::array<std::uint8_t, kIdLimit> index{};
  index.fill(kNoType);
  for (std::size_t i = 0; i < kTypeTable.size(); ++i) {
    index[id_of(kTypeTable[i].type)] = static_cast<std::uint8_t>(i);
  }
  return index;
}();

constexpr char to_upper_ascii(char c) {
  return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

bool equals_ignoring_case(std::string_view lhs, std::string_view rhs) {
  if (lhs.size() != rhs.size()) return false;
  for (std::size_t i = 0; i < lhs.size(); ++i) {
    if (to_upper_ascii(lhs[i]) != to_upper_ascii(rhs[i])) return false;
  }
  return true;
}

}  // namespace

std::span<const TypeTraits> all_type_traits() noexcept {
  return kTypeTable;
}

const TypeTraits* find_type_traits(std::uint32_t id) noexcept {
  if (id >= kIdLimit || kTableIndexById[id] == kNoType) return nullptr;
  return &kTypeTable[kTableIndexById[id]];
}

const TypeTraits& type_traits(TensorType type) noexcept {
  const TypeTraits* traits = find_type_traits(id_of(type));
  // Only a cast from an unchecked integer gets here; stopping is safer than
  // handing out sizes for a type nobody defined.
  if (traits == nullptr) std::abort();
  return *traits;
}

std::optional<TensorType> type_from_name(std::string_view name) noexcept {
  for (const TypeTraits& traits : kTypeTable) {
    if (equals_ignoring_case(traits.name, name)) return traits.type;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> bytes_for_elements(TensorType type, std::uint64_t elements) noexcept {
  const TypeTraits* traits = find_type_traits(id_of(type));
  if (traits == nullptr || elements % traits->block_size != 0) return std::nullopt;
  const std::uint64_t blocks = elements / traits->block_size;
  if (blocks > std::numeric_limits<std::uint64_t>::max() / traits->block_bytes) return std::nullopt;
  return blocks * traits->block_bytes;
}

}  // namespace hearth::tensor
