// A straightforward double-precision forward pass, written from the
// architecture's definition rather than from hearth's code: every weight is
// dequantized to double, attention is computed in full for every position,
// nothing is cached or fused. The optimized forward pass is tested against it.
#pragma once

#include <cstdint>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/model/hyperparameters.h"

namespace hearth::model::testing {

class ReferenceTransformer {
 public:
  explicit ReferenceTransformer(const gguf::File& file);

  // Logits after each token of `tokens` (one sequence from position 0):
  // tokens.size() rows of n_vocab.
  std::vector<std::vector<double>> logits(const std::vector<std::int32_t>& tokens) const;

  // Greedy continuation of `prompt`, `count` tokens, ties to the lowest id.
  std::vector<std::int32_t> greedy(std::vector<std::int32_t> prompt, int count) const;

  const Hyperparameters& hyperparameters() const { return hp_; }

 private:
  struct Matrix {
    std::int64_t rows = 0, cols = 0;
    std::vector<double> values;  // row-major
  };
  struct Layer {
    std::vector<double> attention_norm, ffn_norm, q_bias, k_bias, v_bias, q_norm, k_norm;
    Matrix q, k, v, o, gate, up, down;
  };

  Matrix load_matrix(const gguf::File& file, const std::string& name) const;
  std::vector<double> load_vector(const gguf::File& file, const std::string& name) const;

  Hyperparameters hp_;
  bool neox_ = false;
  Matrix embedding_, output_;
  std::vector<double> output_norm_, rope_factors_;
  std::vector<Layer> layers_;
};

}  // namespace hearth::model::testing
