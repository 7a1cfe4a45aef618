#include "hearth/util/cpu_features.h"

#include <gtest/gtest.h>

namespace hearth {
namespace {

TEST(CpuFeatures, DescribeIsNeverEmpty) {
  // A processor with none of the listed features is described as "none".
  EXPECT_FALSE(cpu_features().describe().empty());
  EXPECT_EQ(CpuFeatures{}.describe(), "none");
  CpuFeatures avx2_only;
  avx2_only.avx2 = true;
  EXPECT_EQ(avx2_only.describe(), "AVX2");
}

TEST(CpuFeatures, FeaturesImplyTheirPrerequisites) {
  const CpuFeatures& cpu = cpu_features();
  if (cpu.avx512bw || cpu.avx512vl || cpu.avx512dq || cpu.avx512vnni || cpu.avx512bf16) {
    EXPECT_TRUE(cpu.avx512f);
  }
  if (cpu.avx512f) {
    EXPECT_TRUE(cpu.avx2);
  }
}

TEST(CpuFeatures, IsStable) {
  EXPECT_EQ(&cpu_features(), &cpu_features());
}

}  // namespace
}  // namespace hearth
