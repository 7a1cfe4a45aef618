#include "hearth/tensor/kernel_level.h"

#include <gtest/gtest.h>

#include "hearth/util/cpu_features.h"

namespace hearth::tensor {
namespace {

TEST(KernelLevel, SupportedLevelsFollowTheCpuFeatures) {
  const CpuFeatures& cpu = cpu_features();
  EXPECT_TRUE(is_supported(KernelLevel::scalar));
  EXPECT_EQ(is_supported(KernelLevel::avx2), cpu.avx2 && cpu.fma && cpu.f16c);
  EXPECT_EQ(is_supported(KernelLevel::avx512), cpu.avx2 && cpu.fma && cpu.f16c && cpu.avx512f &&
                                                   cpu.avx512bw && cpu.avx512vl && cpu.avx512dq);
  ASSERT_FALSE(supported_kernel_levels().empty());
  EXPECT_EQ(supported_kernel_levels().front(), KernelLevel::scalar);
  EXPECT_EQ(supported_kernel_levels().back(), best_kernel_level());
}

TEST(KernelLevel, NamesRoundTrip) {
  for (KernelLevel level : {KernelLevel::scalar, KernelLevel::avx2, KernelLevel::avx512}) {
    EXPECT_EQ(kernel_level_from_name(kernel_level_name(level)), level);
  }
  EXPECT_EQ(kernel_level_from_name("sse"), std::nullopt);
}

}  // namespace
}  // namespace hearth::tensor
