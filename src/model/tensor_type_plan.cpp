#include "hearth/model/tensor_type_plan.h"

namespace hearth::model {
namespace {

using tensor::TensorType;

bool fits_blocks(TensorType type, std::uint64_t row_length) noexcept {
  return row_length % tensor::type_traits(type).block_size == 0;
}

// llama.cpp's tensor_type_fallback.
TensorType fall_back_for_row_length(TensorType type, std::uint64_t row_length) noexcept {
  if (fits_blocks(type, row_length)) return type;
  TensorType fallback = TensorType::f16;
  switch (type) {
    case TensorType::q4_k:
      fallback = TensorType::q5_0;
      break;
    case TensorType::q5_k:
      fallback = TensorType::q5_1;
      break;
    case TensorType::q6_k:
      fallback = TensorType::q8_0;
      break;
    default:
      break;
  }
  return fits_blocks(fallback, row_length) ? fallback : TensorType::f16;
}

// The Q4_K_M rules of llama_tensor_get_type_impl for a dense model.
TensorType q4_k_m_type(const TensorSpec& tensor, bool tied_embeddings,
                       std::uint32_t layer_count) noexcept {
  const bool is_output_head = tensor.role == TensorRole::output ||
                              (tensor.role == TensorRole::token_embedding && tied_embeddings);
  if (is_output_head) {
    // The output head keeps 8 bits rather than drop to Q5_0-class fallbacks.
    return fits_blocks(TensorType::q6_k, tensor.shape[0]) ? TensorType::q6_k : TensorType::q8_0;
  }
  const bool sensitive =
      tensor.role == TensorRole::attention_v || tensor.role == TensorRole::ffn_down;
  if (sensitive && tensor.layer && uses_more_bits(*tensor.layer, layer_count)) {
    return TensorType::q6_k;
  }
  return TensorType::q4_k;
}

}  // namespace

bool uses_more_bits(std::uint32_t layer, std::uint32_t layer_count) noexcept {
  const std::uint32_t eighth = layer_count / 8;
  return layer < eighth || layer >= 7 * layer_count / 8 || (layer - eighth) % 3 == 2;
}

std::vector<tensor::TensorType> plan_tensor_types(std::span<const TensorSpec> layout,
                                                  WeightFormat format, std::uint32_t layer_count) {
  bool tied_embeddings = true;
  for (const TensorSpec& tensor : layout) {
    if (tensor.role == TensorRole::output) tied_embeddings = false;
  }

  std::vector<TensorType> types;
  types.reserve(layout.size());
  for (const TensorSpec& tensor : layout) {
    if (!tensor.is_matrix()) {
      types.push_back(TensorType::f32);
      continue;
    }
    const TensorType wanted = format == WeightFormat::q4_k_m
                                  ? q4_k_m_type(tensor, tied_embeddings, layer_count)
                                  : base_tensor_type(format);
    types.push_back(fall_back_for_row_length(wanted, tensor.shape[0]));
  }
  return types;
}

}  // namespace hearth::model
