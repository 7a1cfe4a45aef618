// What quantize() and dequantize() promise at their boundary: sizes are
// checked, unsupported types are refused, bad input changes nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "hearth/tensor/quantize.h"
#include "hearth/util/error.h"

namespace hearth::tensor {
namespace {

template <typename Call>
ErrorKind kind_thrown_by(Call&& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.kind();
  }
  ADD_FAILURE() << "no hearth::Error was thrown";
  return ErrorKind::internal;
}

TEST(QuantizeContract, ReportsWhatItSupports) {
  for (const TensorType type :
       {TensorType::f32, TensorType::f16, TensorType::bf16, TensorType::q4_0, TensorType::q4_1,
        TensorType::q5_0, TensorType::q5_1, TensorType::q8_0, TensorType::q4_k, TensorType::q5_k,
        TensorType::q6_k}) {
    EXPECT_TRUE(can_quantize(type)) << type_name(type);
    EXPECT_TRUE(can_dequantize(type)) << type_name(type);
  }
  for (const TensorType type : {TensorType::q2_k, TensorType::q3_k, TensorType::q8_k}) {
    EXPECT_FALSE(can_quantize(type)) << type_name(type);
    EXPECT_TRUE(can_dequantize(type)) << type_name(type);
  }
  for (const TensorType type :
       {TensorType::q8_1, TensorType::iq2_xxs, TensorType::iq4_nl, TensorType::i8, TensorType::f64,
        TensorType::tq1_0, TensorType::mxfp4}) {
    EXPECT_FALSE(can_quantize(type)) << type_name(type);
    EXPECT_FALSE(can_dequantize(type)) << type_name(type);
  }
  EXPECT_FALSE(can_quantize(static_cast<TensorType>(4)));
  EXPECT_FALSE(can_dequantize(static_cast<TensorType>(1000)));
}

TEST(QuantizeContract, EverySupportedTypeIsReallyUsable) {
  // can_quantize/can_dequantize must not claim a type that then throws.
  for (const TypeTraits& traits : all_type_traits()) {
    std::vector<float> values(traits.block_size * 256, 0.5f);
    std::vector<std::byte> bytes(*bytes_for_elements(traits.type, values.size()));
    if (can_quantize(traits.type)) {
      EXPECT_NO_THROW(quantize(traits.type, values, bytes)) << traits.name;
    }
    if (can_dequantize(traits.type)) {
      EXPECT_NO_THROW(dequantize(traits.type, bytes, values)) << traits.name;
    }
  }
}

TEST(QuantizeContract, RefusesUnsupportedTypes) {
  std::vector<float> values(256, 1.0f);
  std::vector<std::byte> bytes(1024);
  EXPECT_EQ(kind_thrown_by([&] { quantize(TensorType::q2_k, values, std::span(bytes).first(84)); }),
            ErrorKind::unsupported);
  EXPECT_EQ(
      kind_thrown_by([&] { quantize(TensorType::iq2_xxs, values, std::span(bytes).first(66)); }),
      ErrorKind::unsupported);
  EXPECT_EQ(
      kind_thrown_by([&] { dequantize(TensorType::iq2_xxs, std::span(bytes).first(66), values); }),
      ErrorKind::unsupported);
  EXPECT_EQ(kind_thrown_by([&] { quantize(static_cast<TensorType>(5), values, bytes); }),
            ErrorKind::unsupported);
  EXPECT_EQ(kind_thrown_by([&] { dequantize(static_cast<TensorType>(77), bytes, values); }),
            ErrorKind::unsupported);
}

TEST(QuantizeContract, RejectsPartialBlocks) {
  std::vector<float> values(33, 1.0f);
  std::vector<std::byte> bytes(1024);
  EXPECT_EQ(kind_thrown_by([&] { quantize(TensorType::q8_0, values, std::span(bytes).first(34)); }),
            ErrorKind::invalid_argument);
  EXPECT_EQ(
      kind_thrown_by([&] { dequantize(TensorType::q8_0, std::span(bytes).first(34), values); }),
      ErrorKind::invalid_argument);
  std::vector<float> row_of_896(896, 1.0f);
  EXPECT_EQ(
      kind_thrown_by([&] { quantize(TensorType::q4_k, row_of_896, std::span(bytes).first(504)); }),
      ErrorKind::invalid_argument);
}

TEST(QuantizeContract, RejectsWrongBufferSizes) {
  std::vector<float> values(64, 1.0f);
  std::vector<std::byte> bytes(69);
  for (const std::size_t size : {0u, 67u, 69u}) {
    EXPECT_EQ(
        kind_thrown_by([&] { quantize(TensorType::q8_0, values, std::span(bytes).first(size)); }),
        ErrorKind::invalid_argument)
        << size;
    EXPECT_EQ(
        kind_thrown_by([&] { dequantize(TensorType::q8_0, std::span(bytes).first(size), values); }),
        ErrorKind::invalid_argument)
        << size;
  }
  EXPECT_EQ(kind_thrown_by([&] { quantize(TensorType::f32, values, std::span(bytes).first(64)); }),
            ErrorKind::invalid_argument);
}

TEST(QuantizeContract, EmptyInputIsAWholeNumberOfBlocks) {
  std::vector<float> none;
  std::vector<std::byte> no_bytes;
  EXPECT_NO_THROW(quantize(TensorType::q4_k, none, no_bytes));
  EXPECT_NO_THROW(dequantize(TensorType::q4_k, no_bytes, none));
}

TEST(QuantizeContract, RejectsNonFiniteValuesForBlockTypesAndChangesNothing) {
  for (const float bad :
       {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
        -std::numeric_limits<float>::infinity()}) {
    for (const TensorType type : {TensorType::q8_0, TensorType::q4_0, TensorType::q5_1,
                                  TensorType::q4_k, TensorType::q6_k}) {
      std::vector<float> values(256, 0.25f);
      values[200] = bad;
      std::vector<std::byte> bytes(*bytes_for_elements(type, values.size()), std::byte{0xab});
      EXPECT_EQ(kind_thrown_by([&] { quantize(type, values, bytes); }), ErrorKind::invalid_argument)
          << type_name(type);
      for (const std::byte byte : bytes) ASSERT_EQ(byte, std::byte{0xab}) << type_name(type);
    }
  }
}

TEST(QuantizeContract, FloatTypesKeepNonFiniteValues) {
  const std::vector<float> values = {std::numeric_limits<float>::infinity(),
                                     std::numeric_limits<float>::quiet_NaN()};
  for (const TensorType type : {TensorType::f32, TensorType::f16, TensorType::bf16}) {
    std::vector<std::byte> bytes(*bytes_for_elements(type, values.size()));
    quantize(type, values, bytes);
    std::vector<float> decoded(values.size());
    dequantize(type, bytes, decoded);
    EXPECT_EQ(decoded[0], std::numeric_limits<float>::infinity()) << type_name(type);
    EXPECT_TRUE(std::isnan(decoded[1])) << type_name(type);
  }
}

TEST(QuantizeContract, FailedDequantizeLeavesDestinationUntouched) {
  std::vector<float> values(32, 7.0f);
  const std::vector<std::byte> bytes(33);
  EXPECT_EQ(kind_thrown_by([&] { dequantize(TensorType::q8_0, bytes, values); }),
            ErrorKind::invalid_argument);
  for (const float value : values) ASSERT_EQ(value, 7.0f);
}

}  // namespace
}  // namespace hearth::tensor
