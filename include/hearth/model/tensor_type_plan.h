// Which tensor type each tensor of a model gets for a weight format.
//
// The rules are llama.cpp's (llama-quant.cpp, llama_tensor_get_type) for a
// dense model without an importance matrix:
// - vectors (norms, biases) stay F32;
// - uniform formats put every matrix in their type;
// - Q4_K_M starts from Q4_K and raises to Q6_K the output head (the token
//   embedding when it is tied), attn_v on "use more bits" layers (the first and
//   last eighth and every third layer between) and ffn_down on those layers;
// - when a row length (shape[0]) is not a multiple of the chosen type's block,
//   Q4_K falls back to Q5_0, Q5_K to Q5_1, Q6_K to Q8_0 (the output head goes
//   straight to Q8_0), and anything still misfit to F16. llama.cpp refuses the
//   last case for Q4_0/Q8_0; hearth takes F16 there too so that every shape
//   builds.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hearth/model/tensor_layout.h"
#include "hearth/model/weight_format.h"
#include "hearth/tensor/type.h"

namespace hearth::model {

// llama.cpp's use_more_bits(i_layer, n_layers).
bool uses_more_bits(std::uint32_t layer, std::uint32_t layer_count) noexcept;

// One type per entry of `layout`, in order. `layer_count` is the model's
// n_layer (the "use more bits" layers depend on it).
std::vector<tensor::TensorType> plan_tensor_types(std::span<const TensorSpec> layout,
                                                  WeightFormat format, std::uint32_t layer_count);

}  // namespace hearth::model
