#include "hearth/model/weight_format.h"

#include <array>

namespace hearth::model {
namespace {

struct FormatTraits {
  WeightFormat format;
  std::string_view name;
  tensor::TensorType base_type;
  LlamaFileType file_type;
};

// Indexed by WeightFormat.
constexpr std::array<FormatTraits, 9> kFormats = {{
    {WeightFormat::f32, "F32", tensor::TensorType::f32, LlamaFileType::all_f32},
    {WeightFormat::f16, "F16", tensor::TensorType::f16, LlamaFileType::mostly_f16},
    {WeightFormat::bf16, "BF16", tensor::TensorType::bf16, LlamaFileType::mostly_bf16},
    {WeightFormat::q8_0, "Q8_0", tensor::TensorType::q8_0, LlamaFileType::mostly_q8_0},
    {WeightFormat::q4_0, "Q4_0", tensor::TensorType::q4_0, LlamaFileType::mostly_q4_0},
    {WeightFormat::q4_k, "Q4_K", tensor::TensorType::q4_k, LlamaFileType::mostly_q4_k_m},
    {WeightFormat::q5_k, "Q5_K", tensor::TensorType::q5_k, LlamaFileType::mostly_q5_k_m},
    {WeightFormat::q6_k, "Q6_K", tensor::TensorType::q6_k, LlamaFileType::mostly_q6_k},
    {WeightFormat::q4_k_m, "Q4_K_M", tensor::TensorType::q4_k, LlamaFileType::mostly_q4_k_m},
}};

constexpr std::array<WeightFormat, kFormats.size()> kAllFormats = {
    WeightFormat::f32,  WeightFormat::f16,  WeightFormat::bf16,
    WeightFormat::q8_0, WeightFormat::q4_0, WeightFormat::q4_k,
    WeightFormat::q5_k, WeightFormat::q6_k, WeightFormat::q4_k_m,
};

const FormatTraits& traits(WeightFormat format) noexcept {
  return kFormats[static_cast<std::size_t>(format)];
}

char to_upper_ascii(char c) noexcept {
  return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_upper_ascii(a[i]) != to_upper_ascii(b[i])) return false;
  }
  return true;
}

}  // namespace

std::span<const WeightFormat> all_weight_formats() noexcept {
  return kAllFormats;
}

std::string_view weight_format_name(WeightFormat format) noexcept {
  return traits(format).name;
}

std::optional<WeightFormat> weight_format_from_name(std::string_view name) noexcept {
  for (const FormatTraits& candidate : kFormats) {
    if (equal_ignoring_case(candidate.name, name)) return candidate.format;
  }
  return std::nullopt;
}

tensor::TensorType base_tensor_type(WeightFormat format) noexcept {
  return traits(format).base_type;
}

LlamaFileType file_type_of(WeightFormat format) noexcept {
  return traits(format).file_type;
}

}  // namespace hearth::model
