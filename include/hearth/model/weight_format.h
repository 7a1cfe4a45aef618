// The weight formats the synthetic model generator writes.
//
// A uniform format stores every weight matrix in one tensor type, like
// `llama-quantize --pure`; Q4_K_M is llama.cpp's mixed layout (see
// tensor_type_plan.h). Norms and biases are always F32.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "hearth/model/file_type.h"
#include "hearth/tensor/type.h"

namespace hearth::model {

enum class WeightFormat { f32, f16, bf16, q8_0, q4_0, q4_k, q5_k, q6_k, q4_k_m };

std::span<const WeightFormat> all_weight_formats() noexcept;

// "F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K", "Q4_K_M".
std::string_view weight_format_name(WeightFormat format) noexcept;

// Case-insensitive inverse of weight_format_name.
std::optional<WeightFormat> weight_format_from_name(std::string_view name) noexcept;

// The type a matrix gets before any per-tensor rule or shape fallback.
tensor::TensorType base_tensor_type(WeightFormat format) noexcept;

// The general.file_type llama.cpp records for such a file. A uniform K-quant
// maps the way llama.cpp's loader guesses a file type from its dominant tensor
// type (Q4_K → Q4_K_M, Q5_K → Q5_K_M, Q6_K → Q6_K).
LlamaFileType file_type_of(WeightFormat format) noexcept;

}  // namespace hearth::model
