// What the processor can do, detected once at run time.
//
// hearth is one binary for every x86-64 machine: kernels for AVX2 and AVX-512
// are compiled side by side and chosen from these flags, never from the flags
// the compiler was given.
#pragma once

#include <string>

namespace hearth {

struct CpuFeatures {
  bool avx2 = false;
  bool fma = false;
  bool f16c = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512vl = false;
  bool avx512dq = false;
  bool avx512vnni = false;
  bool avx512bf16 = false;
  bool avxvnni = false;  // the 256-bit VEX encoding of VNNI

  // "AVX2 FMA F16C AVX512F AVX512BW ..." for logs and `hearth bench`.
  std::string describe() const;
};

// The features of the processor this process runs on (cpuid + xgetbv: a
// feature the operating system does not save across context switches counts
// as absent). Computed once; thread-safe.
const CpuFeatures& cpu_features() noexcept;

}  // namespace hearth
