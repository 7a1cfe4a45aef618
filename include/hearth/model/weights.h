// A model's tensors found in a GGUF file, checked against the shapes its
// hyperparameters call for and bound in place (no copies: every pointer is
// into the file's memory map, which must outlive the ModelWeights).
#pragma once

#include <cstdint>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/model/hyperparameters.h"
#include "hearth/tensor/matmul.h"

namespace hearth::model {

// Vectors (norm weights, biases) are F32; a null pointer means the family has
// no such tensor.
struct LayerWeights {
  const float* attention_norm = nullptr;
  tensor::WeightMatrix q, k, v;
  const float* q_bias = nullptr;
  const float* k_bias = nullptr;
  const float* v_bias = nullptr;
  const float* q_norm = nullptr;
  const float* k_norm = nullptr;
  tensor::WeightMatrix attention_output;
  const float* ffn_norm = nullptr;
  tensor::WeightMatrix gate, up, down;
};

struct ModelWeights {
  tensor::WeightMatrix token_embedding;  // n_vocab rows of n_embd
  const float* output_norm = nullptr;
  tensor::WeightMatrix output;  // the token embedding when tied
  const float* rope_frequencies = nullptr;
  std::vector<LayerWeights> layers;
};

// Binds every tensor tensor_layout(hyperparameters) lists. Throws
// Error(invalid_data) naming the tensor for one that is missing or has the
// wrong shape, and Error(unsupported) naming it and its type for a matrix
// hearth cannot multiply (or a vector that is not F32). Extra tensors are
// ignored, as llama.cpp does for ones it does not use.
ModelWeights bind_weights(const gguf::File& file, const Hyperparameters& hyperparameters);

}  // namespace hearth::model
