// Which kernel format a weight type uses and how its activation rows are laid
// out (see matmul_kernels.h). Kept apart from matmul_kernels.h, which the
// AVX2/AVX-512 files include, because this one pulls in standard headers.
#pragma once

#include <cstdint>
#include <optional>

#include "hearth/tensor/type.h"
#include "matmul_kernels.h"

namespace hearth::tensor::kernels {

// nullopt for a type tensor::multiply does not handle.
std::optional<WeightFormat> weight_format(TensorType type) noexcept;

// The row layout of `cols` activations for weights of `format`; cols must be
// a whole number of the partner format's blocks.
ActivationLayout activation_layout(WeightFormat format, std::int64_t cols) noexcept;

}  // namespace hearth::tensor::kernels
