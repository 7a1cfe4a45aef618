#include "hearth/tensor/matmul.h"

#include <algorithm>
#include <cassert>
#include <optional>

#include "hearth/util/cpu_features.h"
#include "hearth/util/error.h"
#include "kernels/matmul_layout.h"

namespace hearth::tensor {
namespace kernels {

std::optional<WeightFormat> weight_format(TensorType type) noexcept {
  switch (type) {
    case TensorType::f32:
      return WeightFormat::f32;
    case TensorType::f16:
      return WeightFormat::f16;
    case TensorType::bf16:
      return WeightFormat::bf16;
    case TensorType::q8_0:
      return WeightFormat::q8_0;
    case TensorType::q4_0:
      return WeightFormat::q4_0;
    case TensorType::q4_1:
      return WeightFormat::q4_1;
    case TensorType::q5_0:
      return WeightFormat::q5_0;
    case TensorType::q5_1:
      return WeightFormat::q5_1;
    case TensorType::q4_k:
      return WeightFormat::q4_k;
    case TensorType::q5_k:
      return WeightFormat::q5_k;
    case TensorType::q6_k:
      return WeightFormat::q6_k;
    default:
      return std::nullopt;
  }
}

namespace {

constexpr std::size_t kSectionAlignment = 64;

std::size_t align_up(std::size_t bytes) {
  return (bytes + kSectionAlignment - 1) / kSectionAlignment * kSectionAlignment;
}

}  // namespace

ActivationLayout activation_layout(WeightFormat format, std::int64_t signed_cols) noexcept {
  const auto cols = static_cast<std::size_t>(signed_cols);
  const std::size_t padded_floats = (cols + 15) / 16 * 16 * sizeof(float);
  ActivationLayout layout;
  switch (format) {
    case WeightFormat::f32:
    case WeightFormat::f16:
      layout.row_bytes = align_up(padded_floats);
      return layout;
    case WeightFormat::bf16:
      layout.floats = align_up(2 * cols);
      layout.row_bytes = layout.floats + align_up(padded_floats);
      return layout;
    default:
      break;
  }
  const bool super_blocks =
      format == WeightFormat::q4_k || format == WeightFormat::q5_k || format == WeightFormat::q6_k;
  const std::size_t block_values = super_blocks ? 256 : 32;
  const std::size_t block_bytes = super_blocks ? 292 : 34;
  const std::size_t group_values = format == WeightFormat::q6_k ? 16 : 32;
  const std::size_t blocks = cols / block_values;
  layout.quants = align_up(blocks * block_bytes);
  layout.scales = layout.quants + align_up(cols);
  layout.group_terms = layout.scales + align_up(blocks * sizeof(float));
  layout.row_bytes = layout.group_terms + align_up(cols / group_values * 4);
  return layout;
}

}  // namespace kernels

namespace {

using kernels::ActivationLayout;
using kernels::WeightFormat;

const kernels::LevelKernels& kernels_for(KernelLevel level) noexcept {
  assert(is_supported(level));
  const CpuFeatures& cpu = cpu_features();
  switch (level) {
    case KernelLevel::scalar:
      return kernels::scalar_kernels();
    case KernelLevel::avx2:
      return kernels::avx2_kernels(cpu.avxvnni);
    case KernelLevel::avx512:
      // The AVX-512 integer kernels are written for VNNI; AVX-512 processors
      // without it (Skylake-X) run the AVX2 ones.
      if (!cpu.avx512vnni) return kernels::avx2_kernels(cpu.avxvnni);
      return kernels::avx512_kernels();
  }
  return kernels::scalar_kernels();
}

}  // namespace

bool can_multiply(TensorType weight_type) noexcept {
  return kernels::weight_format(weight_type).has_value();
}

TensorType activation_type(TensorType weight_type) noexcept {
  assert(can_multiply(weight_type));
  switch (weight_type) {
    case TensorType::f32:
    case TensorType::f16:
      return TensorType::f32;
    case TensorType::bf16:
      return TensorType::bf16;
    case TensorType::q4_k:
    case TensorType::q5_k:
    case TensorType::q6_k:
      return TensorType::q8_k;
    default:
      return TensorType::q8_0;
  }
}

void Activations::reshape(TensorType weight_type, std::int64_t n_tokens, std::int64_t cols) {
  const std::optional<WeightFormat> format = kernels::weight_format(weight_type);
  if (!format) {
    raise(ErrorKind::unsupported, "cannot multiply {} weights", type_name(weight_type));
  }
  const TensorType partner = activation_type(weight_type);
  const std::int64_t block = type_traits(partner).block_size;
  if (cols <= 0 || cols % block != 0) {
    raise(ErrorKind::invalid_argument,
          "{} activations need a positive multiple of {} columns, not {}", type_name(partner),
          block, cols);
  }
  if (n_tokens < 0) {
    raise(ErrorKind::invalid_argument, "token count must not be negative, not {}", n_tokens);
  }
  const ActivationLayout layout = kernels::activation_layout(*format, cols);
  const std::size_t bytes = layout.row_bytes * static_cast<std::size_t>(n_tokens);
  if (storage_.size() < bytes) storage_.resize(bytes);
  weight_type_ = weight_type;
  n_tokens_ = n_tokens;
  cols_ = cols;
  row_bytes_ = layout.row_bytes;
}

void Activations::convert(const float* x, std::int64_t ldx, std::int64_t token_begin,
                          std::int64_t token_end, KernelLevel level) {
  assert(0 <= token_begin && token_begin <= token_end && token_end <= n_tokens_);
  assert(ldx >= cols_);
  if (token_begin == token_end) return;
  const WeightFormat format = *kernels::weight_format(weight_type_);
  const kernels::ConvertArgs args{
      .x = x + token_begin * ldx,
      .ldx = ldx,
      .tokens = token_end - token_begin,
      .cols = cols_,
      .out = storage_.data() + static_cast<std::size_t>(token_begin) * row_bytes_,
      .layout = kernels::activation_layout(format, cols_),
  };
  // Levels without their own converter for a format use the scalar one.
  kernels::ConvertKernel converter = kernels_for(level).convert[static_cast<int>(format)];
  if (converter == nullptr) converter = kernels::scalar_kernels().convert[static_cast<int>(format)];
  converter(args);
}

void multiply(const WeightMatrix& weight, const Activations& x, std::int64_t row_begin,
              std::int64_t row_end, float* y, std::int64_t ldy, KernelLevel level,
              MatmulRegime regime) noexcept {
  assert(weight.type == x.weight_type() && weight.cols == x.cols());
  assert(0 <= row_begin && row_begin <= row_end && row_end <= weight.rows);
  assert(ldy >= row_end || x.tokens() <= 1);
  if (row_begin == row_end || x.tokens() == 0) return;
  const WeightFormat format = *kernels::weight_format(weight.type);
  const kernels::MultiplyArgs args{
      .weights = weight.data,
      .weight_row_bytes = weight.row_bytes,
      .cols = weight.cols,
      .row_begin = row_begin,
      .row_end = row_end,
      .x = x.row(0),
      .layout = kernels::activation_layout(format, weight.cols),
      .tokens = x.tokens(),
      .y = y,
      .ldy = ldy,
  };
  const kernels::MultiplyKernel kernel = kernels_for(level).multiply[static_cast<int>(format)];
  if (regime == MatmulRegime::automatic || x.tokens() <= kernels::kMaxStreamingTokens) {
    kernel(args);
    return;
  }
  // Per-token regime: the kernels stream rows for up to kMaxStreamingTokens
  // tokens, and each token's sums there do not depend on the others. A block
  // of rows is read from memory once and stays in L1 while every group of
  // tokens passes over it.
  constexpr std::int64_t kRowBlock = 16;
  for (std::int64_t block = row_begin; block < row_end; block += kRowBlock) {
    kernels::MultiplyArgs part = args;
    part.row_begin = block;
    part.row_end = std::min(row_end, block + kRowBlock);
    for (std::int64_t first = 0; first < x.tokens(); first += kernels::kMaxStreamingTokens) {
      part.tokens = std::min(kernels::kMaxStreamingTokens, x.tokens() - first);
      part.x = x.row(first);
      part.y = y + first * ldy;
      kernel(part);
    }
  }
}

}  // namespace hearth::tensor
