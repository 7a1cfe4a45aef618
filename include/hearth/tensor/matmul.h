// Weight matrix × activations, computed straight from the weights' stored
// (quantized) bytes in the memory-mapped model file.
//
// As in ggml, each weight type multiplies with activations converted to a
// partner format first: F32 for F32 and F16 weights (F16 weights are widened
// to F32, so F16 models lose nothing to the activations), BF16 for BF16, Q8_0
// for Q4_0/Q4_1/Q5_0/Q5_1/Q8_0 (with per-block sums in place of ggml's Q8_1)
// and Q8_K for Q4_K/Q5_K/Q6_K. The activations are converted once per matrix
// product and then shared by every thread, so the inner loops are integer dot
// products on blocks (VNNI where the processor has it).
//
// Products with 4 or more tokens take the compute-bound path: tiles of 32 (or
// 8, on AVX2) weight rows are decoded once into a transposed panel and reused
// for every token, which stays in L2. Fewer tokens stream each weight row once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hearth/tensor/kernel_level.h"
#include "hearth/tensor/type.h"

namespace hearth::tensor {

// A matrix as stored in GGUF: `rows` rows (output features) of `cols` values
// (input features), row r starting at data + r * row_bytes. Borrowed: the
// bytes belong to the model file's map.
struct WeightMatrix {
  TensorType type = TensorType::f32;
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  const std::byte* data = nullptr;
  std::size_t row_bytes = 0;
};

// F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K.
bool can_multiply(TensorType weight_type) noexcept;

// The format activations take for `weight_type`. Requires can_multiply.
TensorType activation_type(TensorType weight_type) noexcept;

// n_tokens rows of `cols` activations in the partner format of one weight
// type. The buffer is reused between products: reshape() only grows it.
class Activations {
 public:
  // Prepares room for n_tokens x cols values for weights of `weight_type`.
  // Throws Error(unsupported) if !can_multiply(weight_type), and
  // Error(invalid_argument) if cols is not a whole number of the partner
  // format's blocks.
  void reshape(TensorType weight_type, std::int64_t n_tokens, std::int64_t cols);

  // Converts tokens [token_begin, token_end) of `x` (row-major, n_tokens x
  // cols F32, row stride `ldx` floats). Threads may convert disjoint token
  // ranges at the same time. Every level produces the same bytes. Never
  // throws: arguments are asserted, `level` must be supported.
  void convert(const float* x, std::int64_t ldx, std::int64_t token_begin, std::int64_t token_end,
               KernelLevel level);

  // Token t's row begins with its activations as ggml blocks of
  // activation_type(weight_type()), which tensor::dequantize reads; copies
  // laid out for the kernels follow (row_bytes() covers both).
  TensorType weight_type() const noexcept { return weight_type_; }
  std::int64_t tokens() const noexcept { return n_tokens_; }
  std::int64_t cols() const noexcept { return cols_; }
  std::size_t row_bytes() const noexcept { return row_bytes_; }
  const std::byte* row(std::int64_t token) const noexcept {
    return storage_.data() + static_cast<std::size_t>(token) * row_bytes_;
  }

 private:
  TensorType weight_type_ = TensorType::f32;
  std::int64_t n_tokens_ = 0;
  std::int64_t cols_ = 0;
  std::size_t row_bytes_ = 0;
  std::vector<std::byte> storage_;
};

// How a product with several tokens is computed.
enum class MatmulRegime : std::uint8_t {
  // The fastest: fewer than 4 tokens stream each weight row, more use
  // decoded panels. The two sum in different orders, so a token's result
  // can differ in the last bits with the number of tokens beside it.
  automatic,
  // Every token as in the few-token regime, whatever their number (rows are
  // taken in small blocks that stay in cache while each group of tokens
  // passes): a token's result is bit-identical to a product of that token
  // alone. For a server whose answers must not depend on what else runs in
  // the same batch; slower than panels for many tokens.
  per_token,
};

// y[t * ldy + r] = sum_k W[r][k] * x[t][k] for rows r in [row_begin,
// row_end) and every token t of `x`. weight.type must equal x.weight_type()
// and weight.cols x.cols(). Threads split the work by disjoint row ranges;
// ranges aligned to 16 rows run fastest; the split never changes a result.
// Never throws: arguments are asserted.
void multiply(const WeightMatrix& weight, const Activations& x, std::int64_t row_begin,
              std::int64_t row_end, float* y, std::int64_t ldy, KernelLevel level,
              MatmulRegime regime = MatmulRegime::automatic) noexcept;

}  // namespace hearth::tensor
