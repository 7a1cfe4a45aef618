#include "hearth/tensor/type.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace hearth::tensor {
namespace {

// Every id the TensorType enum names, spelled out so a missing table row
// cannot hide behind a loop over the table itself.
constexpr TensorType kEveryEnumerator[] = {
    TensorType::f32,     TensorType::f16,    TensorType::q4_0,    TensorType::q4_1,
    TensorType::q5_0,    TensorType::q5_1,   TensorType::q8_0,    TensorType::q8_1,
    TensorType::q2_k,    TensorType::q3_k,   TensorType::q4_k,    TensorType::q5_k,
    TensorType::q6_k,    TensorType::q8_k,   TensorType::iq2_xxs, TensorType::iq2_xs,
    TensorType::iq3_xxs, TensorType::iq1_s,  TensorType::iq4_nl,  TensorType::iq3_s,
    TensorType::iq2_s,   TensorType::iq4_xs, TensorType::i8,      TensorType::i16,
    TensorType::i32,     TensorType::i64,    TensorType::f64,     TensorType::iq1_m,
    TensorType::bf16,    TensorType::tq1_0,  TensorType::tq2_0,   TensorType::mxfp4,
    TensorType::nvfp4,   TensorType::q1_0,   TensorType::q2_0,
};

TEST(TypeTable, EveryEnumeratorHasTraitsUnderItsOwnId) {
  for (const TensorType type : kEveryEnumerator) {
    const auto id = static_cast<std::uint32_t>(type);
    const TypeTraits* traits = find_type_traits(id);
    ASSERT_NE(traits, nullptr) << "id " << id;
    EXPECT_EQ(traits->type, type);
    EXPECT_EQ(&type_traits(type), traits);
    EXPECT_GT(traits->block_size, 0u);
    EXPECT_GT(traits->block_bytes, 0u);
  }
  EXPECT_EQ(all_type_traits().size(), std::size(kEveryEnumerator));
}

TEST(TypeTable, ListsTypesInIdOrder) {
  const auto all = all_type_traits();
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(static_cast<std::uint32_t>(all[i - 1].type), static_cast<std::uint32_t>(all[i].type));
  }
}

TEST(TypeTable, RetiredAndUnassignedIdsHaveNoTraits) {
  for (const std::uint32_t retired : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u}) {
    EXPECT_EQ(find_type_traits(retired), nullptr) << "id " << retired;
  }
  for (std::uint32_t id = 43; id < 300; ++id)
    EXPECT_EQ(find_type_traits(id), nullptr) << "id " << id;
  EXPECT_EQ(find_type_traits(std::numeric_limits<std::uint32_t>::max()), nullptr);
}

struct KnownLayout {
  TensorType type;
  std::string_view name;
  std::uint32_t block_size;
  std::uint32_t block_bytes;
  bool quantized;
};

// Values from ggml-common.h's block structs (sizeof) and ggml.c's type_traits.
constexpr KnownLayout kKnownLayouts[] = {
    {TensorType::f32, "F32", 1, 4, false},
    {TensorType::f16, "F16", 1, 2, false},
    {TensorType::bf16, "BF16", 1, 2, false},
    {TensorType::f64, "F64", 1, 8, false},
    {TensorType::i8, "I8", 1, 1, false},
    {TensorType::i64, "I64", 1, 8, false},
    {TensorType::q4_0, "Q4_0", 32, 18, true},
    {TensorType::q4_1, "Q4_1", 32, 20, true},
    {TensorType::q5_0, "Q5_0", 32, 22, true},
    {TensorType::q5_1, "Q5_1", 32, 24, true},
    {TensorType::q8_0, "Q8_0", 32, 34, true},
    {TensorType::q8_1, "Q8_1", 32, 36, true},
    {TensorType::q2_k, "Q2_K", 256, 84, true},
    {TensorType::q3_k, "Q3_K", 256, 110, true},
    {TensorType::q4_k, "Q4_K", 256, 144, true},
    {TensorType::q5_k, "Q5_K", 256, 176, true},
    {TensorType::q6_k, "Q6_K", 256, 210, true},
    {TensorType::q8_k, "Q8_K", 256, 292, true},
    {TensorType::iq2_xxs, "IQ2_XXS", 256, 66, true},
    {TensorType::iq2_xs, "IQ2_XS", 256, 74, true},
    {TensorType::iq2_s, "IQ2_S", 256, 82, true},
    {TensorType::iq3_xxs, "IQ3_XXS", 256, 98, true},
    {TensorType::iq3_s, "IQ3_S", 256, 110, true},
    {TensorType::iq1_s, "IQ1_S", 256, 50, true},
    {TensorType::iq1_m, "IQ1_M", 256, 56, true},
    {TensorType::iq4_nl, "IQ4_NL", 32, 18, true},
    {TensorType::iq4_xs, "IQ4_XS", 256, 136, true},
    {TensorType::tq1_0, "TQ1_0", 256, 54, true},
    {TensorType::tq2_0, "TQ2_0", 256, 66, true},
    {TensorType::mxfp4, "MXFP4", 32, 17, true},
    {TensorType::nvfp4, "NVFP4", 64, 36, true},
    {TensorType::q1_0, "Q1_0", 128, 18, true},
    {TensorType::q2_0, "Q2_0", 64, 18, true},
};

TEST(TypeTable, MatchesGgmlBlockLayouts) {
  for (const KnownLayout& known : kKnownLayouts) {
    const TypeTraits& traits = type_traits(known.type);
    EXPECT_EQ(traits.name, known.name);
    EXPECT_EQ(traits.block_size, known.block_size) << known.name;
    EXPECT_EQ(traits.block_bytes, known.block_bytes) << known.name;
    EXPECT_EQ(traits.quantized, known.quantized) << known.name;
  }
}

TEST(TypeNames, RoundTripAndIgnoreCase) {
  for (const TypeTraits& traits : all_type_traits()) {
    EXPECT_EQ(type_from_name(traits.name), traits.type);
    std::string lower(traits.name);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    EXPECT_EQ(type_from_name(lower), traits.type) << lower;
  }
  EXPECT_EQ(type_from_name("q4_K"), TensorType::q4_k);
  EXPECT_EQ(type_from_name("Iq2_Xxs"), TensorType::iq2_xxs);
  EXPECT_EQ(type_name(TensorType::mxfp4), "MXFP4");
}

TEST(TypeNames, RejectUnknownNames) {
  for (const std::string_view name :
       {"", "Q4", "Q4_K_M", "Q4_0_4_4", "F32 ", " F32", "FP16", "q4-k"}) {
    EXPECT_EQ(type_from_name(name), std::nullopt) << "'" << name << "'";
  }
}

TEST(BytesForElements, CountsWholeBlocks) {
  EXPECT_EQ(bytes_for_elements(TensorType::f32, 0), 0u);
  EXPECT_EQ(bytes_for_elements(TensorType::f32, 3), 12u);
  EXPECT_EQ(bytes_for_elements(TensorType::q8_0, 32), 34u);
  EXPECT_EQ(bytes_for_elements(TensorType::q8_0, 896), 28u * 34u);
  EXPECT_EQ(bytes_for_elements(TensorType::q4_k, 4096), 16u * 144u);
  EXPECT_EQ(bytes_for_elements(TensorType::q6_k, 256), 210u);
  EXPECT_EQ(bytes_for_elements(TensorType::mxfp4, 64), 34u);
}

TEST(BytesForElements, RejectsPartialBlocks) {
  EXPECT_EQ(bytes_for_elements(TensorType::q8_0, 31), std::nullopt);
  EXPECT_EQ(bytes_for_elements(TensorType::q8_0, 33), std::nullopt);
  EXPECT_EQ(bytes_for_elements(TensorType::q4_k, 896), std::nullopt);
  EXPECT_EQ(bytes_for_elements(TensorType::q6_k, 255), std::nullopt);
}

TEST(BytesForElements, RejectsOverflow) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(bytes_for_elements(TensorType::f32, kMax / 4), (kMax / 4) * 4);
  EXPECT_EQ(bytes_for_elements(TensorType::f32, kMax / 4 + 1), std::nullopt);
  EXPECT_EQ(bytes_for_elements(TensorType::f64, kMax / 8 + 1), std::nullopt);
  // Whole Q8_0 blocks (34 bytes per 32 values) whose byte count passes 2^64.
  const std::uint64_t q8_0_blocks = kMax / 34 + 1;
  EXPECT_EQ(bytes_for_elements(TensorType::q8_0, q8_0_blocks * 32), std::nullopt);
  EXPECT_EQ(bytes_for_elements(TensorType::q8_0, (q8_0_blocks - 1) * 32), (q8_0_blocks - 1) * 34);
  // Types with fewer bytes than values per block can never overflow.
  EXPECT_EQ(bytes_for_elements(TensorType::q4_k, (kMax / 256) * 256), (kMax / 256) * 144);
  EXPECT_EQ(bytes_for_elements(TensorType::i8, kMax), kMax);
}

TEST(BytesForElements, RejectsIdsThatAreNotTypes) {
  EXPECT_EQ(bytes_for_elements(static_cast<TensorType>(4), 32), std::nullopt);
  EXPECT_EQ(bytes_for_elements(static_cast<TensorType>(43), 32), std::nullopt);
}

}  // namespace
}  // namespace hearth::tensor
