#include "hearth/util/cpu_features.h"

#include <cpuid.h>

#include <cstdint>

namespace hearth {
namespace {

struct Registers {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
};

Registers cpuid(unsigned leaf, unsigned subleaf) {
  Registers r;
  __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
  return r;
}

std::uint64_t read_xcr0() {
  std::uint32_t low = 0, high = 0;
  __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return (std::uint64_t{high} << 32) | low;
}

bool bit(unsigned value, int index) {
  return ((value >> index) & 1u) != 0;
}

CpuFeatures detect() {
  CpuFeatures features;
  const unsigned max_leaf = __get_cpuid_max(0, nullptr);
  if (max_leaf < 1) return features;
  const Registers leaf1 = cpuid(1, 0);
  const bool osxsave = bit(leaf1.ecx, 27);
  if (!osxsave) return features;
  const std::uint64_t xcr0 = read_xcr0();
  // The OS must save SSE + AVX state (bits 1, 2) for AVX, and additionally the
  // opmask and upper ZMM state (bits 5, 6, 7) for AVX-512.
  const bool os_avx = (xcr0 & 0x6) == 0x6;
  const bool os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;
  if (!os_avx) return features;

  features.fma = bit(leaf1.ecx, 12);
  features.f16c = bit(leaf1.ecx, 29);
  if (max_leaf < 7) return features;
  const Registers leaf7 = cpuid(7, 0);
  const Registers leaf7_1 = cpuid(7, 1);
  features.avx2 = bit(leaf7.ebx, 5);
  features.avxvnni = bit(leaf7_1.eax, 4);
  if (os_avx512) {
    features.avx512f = bit(leaf7.ebx, 16);
    features.avx512dq = bit(leaf7.ebx, 17);
    features.avx512bw = bit(leaf7.ebx, 30);
    features.avx512vl = bit(leaf7.ebx, 31);
    features.avx512vnni = bit(leaf7.ecx, 11);
    features.avx512bf16 = bit(leaf7_1.eax, 5);
  }
  return features;
}

}  // namespace

std::string CpuFeatures::describe() const {
  std::string text;
  const auto add = [&text](bool present, const char* name) {
    if (!present) return;
    if (!text.empty()) text += ' ';
    text += name;
  };
  add(avx2, "AVX2");
  add(fma, "FMA");
  add(f16c, "F16C");
  add(avxvnni, "AVX-VNNI");
  add(avx512f, "AVX512F");
  add(avx512bw, "AVX512BW");
  add(avx512vl, "AVX512VL");
  add(avx512dq, "AVX512DQ");
  add(avx512vnni, "AVX512-VNNI");
  add(avx512bf16, "AVX512-BF16");
  return text.empty() ? std::string("none") : text;
}

const CpuFeatures& cpu_features() noexcept {
  static const CpuFeatures features = detect();
  return features;
}

}  // namespace hearth
