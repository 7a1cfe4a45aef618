// Which family of compute kernels to run: the scalar reference, AVX2 + FMA,
// or AVX-512. All three are compiled into every binary; the best one the
// processor supports is chosen at run time, and tests and benchmarks may ask
// for a lower one to compare against.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace hearth::tensor {

enum class KernelLevel {
  scalar,  // plain C++, the reference every other path is tested against
  avx2,    // AVX2 + FMA + F16C (+ AVX-VNNI where present)
  avx512,  // AVX-512 F/BW/VL/DQ (+ VNNI, BF16 where present)
};

// The fastest level this processor runs.
KernelLevel best_kernel_level() noexcept;

// Every level this processor runs, scalar first.
std::span<const KernelLevel> supported_kernel_levels() noexcept;

bool is_supported(KernelLevel level) noexcept;

std::string_view kernel_level_name(KernelLevel level) noexcept;  // "scalar", "avx2", "avx512"
std::optional<KernelLevel> kernel_level_from_name(std::string_view name) noexcept;

}  // namespace hearth::tensor
