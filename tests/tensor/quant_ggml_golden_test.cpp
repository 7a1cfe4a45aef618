// Bit-compatibility with ggml itself. The digests below were produced by
// running ggml's own quantize_row_*_ref / dequantize_row_* (llama.cpp
// ggml/src/ggml-quants.c at commit 01243c5, fp16 via ggml's portable
// conversion) on exact_signal(16384): 64 super-blocks whose 32-value groups
// span a 256-fold range of scales and several shapes (see test_signals.h).
// Matching them means hearth writes the bytes llama.cpp's quantizer writes
// and reads back the floats ggml reads. Fewer super-blocks proved too few: a
// shortened Q4_K scale search still matched at 32.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <vector>

#include "hearth/tensor/quantize.h"
#include "test_signals.h"

namespace hearth::tensor {
namespace {

std::uint64_t fnv1a(std::span<const std::byte> bytes) {
  std::uint64_t hash = 0xcbf2'9ce4'8422'2325u;
  for (const std::byte byte : bytes) {
    hash ^= static_cast<std::uint64_t>(byte);
    hash *= 0x0000'0100'0000'01b3u;
  }
  return hash;
}

struct GgmlDigest {
  TensorType type;
  std::uint64_t quantized_bytes;
  std::uint64_t dequantized_floats;  // little-endian fp32 bit patterns
};

constexpr std::size_t kGoldenValues = 64 * 256;

constexpr GgmlDigest kGgmlDigests[] = {
    {TensorType::q4_0, 0x809eabd8ae5e2f04u, 0xdb63a6e7ed4ea318u},
    {TensorType::q4_1, 0xc7890a18aa90c746u, 0xcd8600532a372c86u},
    {TensorType::q5_0, 0xd4ee1d84e7c153bau, 0xa49e886e0fa2264au},
    {TensorType::q5_1, 0x50196aaba6aedc63u, 0x50b8862f9c1c38ceu},
    {TensorType::q8_0, 0xf474b7cdef7d8c96u, 0x554d00ce194679a9u},
    {TensorType::q4_k, 0x048f72efad94970bu, 0x900603d9aebbd28fu},
    {TensorType::q5_k, 0x688250c780947866u, 0x8e46003593f0b8cbu},
    {TensorType::q6_k, 0xbc9d1f0c9ea6ebfdu, 0x9f498ad5eb3ff8cdu},
    {TensorType::f16, 0x7e7150db18c59980u, 0xc6350ece2b308f9au},
    {TensorType::bf16, 0x862b46d9d3b48a0au, 0x26849f2a8bdbc892u},
};

class MatchesGgml : public ::testing::TestWithParam<GgmlDigest> {};

TEST_P(MatchesGgml, QuantizedBytesAndDequantizedFloats) {
  const GgmlDigest expected = GetParam();
  const auto values = testing::exact_signal(kGoldenValues);
  std::vector<std::byte> bytes(*bytes_for_elements(expected.type, values.size()));
  quantize(expected.type, values, bytes);
  EXPECT_EQ(fnv1a(bytes), expected.quantized_bytes) << type_name(expected.type);

  std::vector<float> decoded(values.size());
  dequantize(expected.type, bytes, decoded);
  EXPECT_EQ(fnv1a(std::as_bytes(std::span(decoded))), expected.dequantized_floats)
      << type_name(expected.type);
}

INSTANTIATE_TEST_SUITE_P(Types, MatchesGgml, ::testing::ValuesIn(kGgmlDigests),
                         [](const ::testing::TestParamInfo<GgmlDigest>& param) {
                           return std::string(type_name(param.param.type));
                         });

}  // namespace
}  // namespace hearth::tensor
