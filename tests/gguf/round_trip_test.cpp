// Writer -> reader round trips: every value type, nested and string arrays,
// both versions, several alignments and tensor types.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/gguf/writer.h"

namespace hearth::gguf {
namespace {

using tensor::TensorType;

Metadata every_value_type() {
  Metadata m;
  m.set("scalar.u8", std::uint8_t{255});
  m.set("scalar.i8", std::int8_t{-128});
  m.set("scalar.u16", std::uint16_t{65535});
  m.set("scalar.i16", std::int16_t{-32768});
  m.set("scalar.u32", std::numeric_limits<std::uint32_t>::max());
  m.set("scalar.i32", std::numeric_limits<std::int32_t>::min());
  m.set("scalar.f32", -1.5f);
  m.set("scalar.f32_infinity", std::numeric_limits<float>::infinity());
  m.set("scalar.bool_true", true);
  m.set("scalar.bool_false", false);
  m.set("scalar.str", "h\xc3\xa9llo, w\xc3\xb6rld");
  m.set("scalar.str_with_nul", std::string("a\0b", 3));
  m.set("scalar.str_empty", "");
  m.set("scalar.u64", std::numeric_limits<std::uint64_t>::max());
  m.set("scalar.i64", std::numeric_limits<std::int64_t>::min());
  m.set("scalar.f64", 3.141592653589793);
  m.set("scalar.f64_denormal", std::numeric_limits<double>::denorm_min());

  m.set("array.u8", Array{ValueType::uint8, {std::uint8_t{0}, std::uint8_t{255}}});
  m.set("array.i8", Array{ValueType::int8, {std::int8_t{-1}, std::int8_t{1}}});
  m.set("array.u16", Array{ValueType::uint16, {std::uint16_t{7}}});
  m.set("array.i16", Array{ValueType::int16, {std::int16_t{-7}, std::int16_t{300}}});
  m.set("array.u32", Array{ValueType::uint32, {std::uint32_t{1}, std::uint32_t{2}}});
  m.set("array.i32", make_int32_array({-3, 0, 3}));
  m.set("array.f32", make_float_array({0.5f, -0.25f, 1e30f}));
  m.set("array.bool", Array{ValueType::boolean, {true, false, true}});
  m.set("array.str", make_string_array({"the", "", "\xe2\x96\x81token", std::string(300, 'z')}));
  m.set("array.u64", Array{ValueType::uint64, {std::uint64_t{1} << 63}});
  m.set("array.i64", Array{ValueType::int64, {std::int64_t{-1}}});
  m.set("array.f64", Array{ValueType::float64, {1e-300, -2.0}});
  m.set("array.empty", Array{ValueType::uint32, {}});
  m.set("array.empty_of_arrays", Array{ValueType::array, {}});
  // Each inner array has its own element type, as the format allows.
  m.set("array.nested",
        Array{ValueType::array,
              {make_int32_array({1, 2}), make_string_array({"x"}), Array{ValueType::float64, {}}}});
  m.set("array.three_deep",
        Array{ValueType::array,
              {Array{ValueType::array, {make_float_array({1.0f}), make_float_array({})}}}});
  return m;
}

struct TensorSpec {
  std::string name;
  std::vector<std::uint64_t> shape;
  TensorType type;
};

const std::vector<TensorSpec>& tensor_specs() {
  static const std::vector<TensorSpec> specs = {
      {"token_embd.weight", {3, 2}, TensorType::f32},
      {"blk.0.attn_norm.weight", {5}, TensorType::f16},
      {"blk.0.attn_q.weight", {64, 2}, TensorType::q4_0},
      {"blk.0.ffn_up.weight", {32, 1, 2}, TensorType::q8_0},
      {"blk.0.ffn_down.weight", {256, 2, 1, 2}, TensorType::q4_k},
      {"blk.0.ffn_gate.weight", {256}, TensorType::q6_k},
      {"output.weight", {7}, TensorType::i8},
      {"output_norm.weight", {3}, TensorType::bf16},
      {"rope_freqs.weight", {1}, TensorType::i32},
  };
  return specs;
}

std::vector<std::byte> pattern_bytes(TensorType type, std::uint64_t elements, unsigned seed) {
  const std::uint64_t size = *tensor::bytes_for_elements(type, elements);
  std::vector<std::byte> bytes(size);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<std::byte>((i * 31 + seed * 7 + 1) & 0xff);
  }
  return bytes;
}

std::uint64_t element_count(const std::vector<std::uint64_t>& shape) {
  std::uint64_t count = 1;
  for (const std::uint64_t extent : shape) count *= extent;
  return count;
}

// 0 means "leave general.alignment unset".
class RoundTripTest : public ::testing::TestWithParam<std::tuple<std::uint32_t, std::uint64_t>> {};

TEST_P(RoundTripTest, ReadsBackWhatWasWritten) {
  const auto [version, alignment] = GetParam();
  Writer writer(version);
  const Metadata metadata = every_value_type();
  for (const KeyValue& entry : metadata.entries()) {
    writer.metadata().set(entry.key, entry.value);
  }
  if (alignment != 0) writer.set_alignment(alignment);
  std::vector<std::vector<std::byte>> data;
  for (std::size_t i = 0; i < tensor_specs().size(); ++i) {
    const TensorSpec& spec = tensor_specs()[i];
    data.push_back(pattern_bytes(spec.type, element_count(spec.shape), static_cast<unsigned>(i)));
    writer.add_tensor(spec.name, spec.shape, spec.type, data.back());
  }

  const std::vector<std::byte> image = writer.to_bytes();
  const File file = File::parse(image);

  const std::uint64_t expected_alignment = alignment == 0 ? kDefaultAlignment : alignment;
  EXPECT_EQ(file.version(), version);
  EXPECT_EQ(file.alignment(), expected_alignment);
  EXPECT_EQ(file.file_size(), image.size());
  EXPECT_EQ(file.data_offset() % expected_alignment, 0u);
  EXPECT_EQ(image.size() % expected_alignment, 0u);
  EXPECT_EQ(file.metadata(), writer.metadata());
  if (alignment != 0) {
    EXPECT_EQ(file.metadata().get_uint(kAlignmentKey), std::optional<std::uint64_t>(alignment));
  }

  ASSERT_EQ(file.tensors().size(), tensor_specs().size());
  for (std::size_t i = 0; i < tensor_specs().size(); ++i) {
    const TensorSpec& spec = tensor_specs()[i];
    const TensorInfo& info = file.tensors()[i];
    EXPECT_EQ(info.name, spec.name);
    EXPECT_EQ(info.shape, spec.shape);
    EXPECT_EQ(info.type, spec.type);
    EXPECT_EQ(info.element_count(), element_count(spec.shape));
    EXPECT_EQ(info.size_bytes, data[i].size());
    EXPECT_EQ(info.offset % expected_alignment, 0u);
    const std::span<const std::byte> read = file.tensor_data(info);
    EXPECT_TRUE(std::equal(read.begin(), read.end(), data[i].begin(), data[i].end())) << spec.name;
    EXPECT_EQ(file.find_tensor(spec.name), &info);
  }
  EXPECT_EQ(file.find_tensor("missing.weight"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(VersionsAndAlignments, RoundTripTest,
                         ::testing::Combine(::testing::Values(2u, 3u),
                                            ::testing::Values(std::uint64_t{0}, 1u, 8u, 64u,
                                                              4096u)),
                         [](const auto& test_param) {
                           return fmt::format("v{}_alignment_{}", std::get<0>(test_param.param),
                                              std::get<1>(test_param.param));
                         });

TEST(RoundTrip, FileWithoutTensorsOrMetadata) {
  const File file = File::parse(Writer().to_bytes());
  EXPECT_EQ(file.metadata().size(), 0u);
  EXPECT_TRUE(file.tensors().empty());
  EXPECT_EQ(file.data_offset(), 32u);
}

}  // namespace
}  // namespace hearth::gguf
