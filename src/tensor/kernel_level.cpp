#include "hearth/tensor/kernel_level.h"

#include <array>
#include <vector>

#include "hearth/util/cpu_features.h"

namespace hearth::tensor {
namespace {

constexpr std::array<std::string_view, 3> kNames = {"scalar", "avx2", "avx512"};

bool runs_avx2(const CpuFeatures& cpu) {
  return cpu.avx2 && cpu.fma && cpu.f16c;
}

bool runs_avx512(const CpuFeatures& cpu) {
  return runs_avx2(cpu) && cpu.avx512f && cpu.avx512bw && cpu.avx512vl && cpu.avx512dq;
}

std::vector<KernelLevel> detect_levels() {
  std::vector<KernelLevel> levels = {KernelLevel::scalar};
  const CpuFeatures& cpu = cpu_features();
  if (runs_avx2(cpu)) levels.push_back(KernelLevel::avx2);
  if (runs_avx512(cpu)) levels.push_back(KernelLevel::avx512);
  return levels;
}

const std::vector<KernelLevel>& levels() {
  static const std::vector<KernelLevel> detected = detect_levels();
  return detected;
}

}  // namespace

KernelLevel best_kernel_level() noexcept {
  return levels().back();
}

std::span<const KernelLevel> supported_kernel_levels() noexcept {
  return levels();
}

bool is_supported(KernelLevel level) noexcept {
  for (KernelLevel supported : levels()) {
    if (supported == level) return true;
  }
  return false;
}

std::string_view kernel_level_name(KernelLevel level) noexcept {
  return kNames[static_cast<std::size_t>(level)];
}

std::optional<KernelLevel> kernel_level_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<KernelLevel>(i);
  }
  return std::nullopt;
}

}  // namespace hearth::tensor
