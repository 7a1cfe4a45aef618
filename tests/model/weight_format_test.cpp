#include "hearth/model/weight_format.h"

#include <gtest/gtest.h>

#include "hearth/model/file_type.h"

namespace hearth::model {
namespace {

TEST(WeightFormat, NamesRoundTripIgnoringCase) {
  EXPECT_EQ(all_weight_formats().size(), 9u);
  for (WeightFormat format : all_weight_formats()) {
    EXPECT_EQ(weight_format_from_name(weight_format_name(format)), format);
  }
  EXPECT_EQ(weight_format_from_name("q4_k_m"), WeightFormat::q4_k_m);
  EXPECT_EQ(weight_format_from_name("Bf16"), WeightFormat::bf16);
  EXPECT_FALSE(weight_format_from_name("Q4_K_S"));
  EXPECT_FALSE(weight_format_from_name(""));
}

TEST(WeightFormat, FileTypesAreLlamaCpps) {
  EXPECT_EQ(file_type_of(WeightFormat::f32), LlamaFileType::all_f32);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::f16)), 1u);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::bf16)), 32u);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::q4_0)), 2u);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::q8_0)), 7u);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::q4_k)), 15u);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::q5_k)), 17u);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::q6_k)), 18u);
  EXPECT_EQ(static_cast<std::uint32_t>(file_type_of(WeightFormat::q4_k_m)), 15u);
}

TEST(WeightFormat, BaseTypes) {
  EXPECT_EQ(base_tensor_type(WeightFormat::q4_k_m), tensor::TensorType::q4_k);
  EXPECT_EQ(base_tensor_type(WeightFormat::q5_k), tensor::TensorType::q5_k);
  EXPECT_EQ(base_tensor_type(WeightFormat::bf16), tensor::TensorType::bf16);
}

TEST(FileType, NamesAsLlamaCppPrintsThem) {
  EXPECT_EQ(llama_file_type_name(0), "all F32");
  EXPECT_EQ(llama_file_type_name(1), "F16");
  EXPECT_EQ(llama_file_type_name(15), "Q4_K - Medium");
  EXPECT_EQ(llama_file_type_name(17), "Q5_K - Medium");
  EXPECT_EQ(llama_file_type_name(32), "BF16");
  EXPECT_FALSE(llama_file_type_name(5));  // Q4_2, retired
  EXPECT_FALSE(llama_file_type_name(1024));
}

}  // namespace
}  // namespace hearth::model
