// AVX2 matrix-product kernels, 8 rows at a time, in two builds: with AVX-VNNI
// (vpdpbusd) and without (maddubs + madd, which saturates only when the
// unsigned operand exceeds 127; Q8_0 then widens to 16 bits first). The
// kernels themselves are in matmul_x86.inc.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "matmul_kernels.h"

namespace hearth::tensor::kernels {
namespace {

// Exact u8 x s8 dot products of 4 bytes per 32-bit lane without VNNI.
template <bool kWide>
__m256i dot_emulated(__m256i acc, __m256i u, __m256i s) {
  const __m256i ones = _mm256_set1_epi16(1);
  if constexpr (kWide) {
    const __m256i u_even = _mm256_and_si256(u, _mm256_set1_epi16(0x00ff));
    const __m256i u_odd = _mm256_srli_epi16(u, 8);
    const __m256i s_even = _mm256_srai_epi16(_mm256_slli_epi16(s, 8), 8);
    const __m256i s_odd = _mm256_srai_epi16(s, 8);
    return _mm256_add_epi32(
        acc, _mm256_add_epi32(_mm256_madd_epi16(u_even, s_even), _mm256_madd_epi16(u_odd, s_odd)));
  } else {
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), ones));
  }
}

namespace vnni {
template <bool kWide>
__m256i dot256(__m256i acc, __m256i u, __m256i s) {
  return _mm256_dpbusd_avx_epi32(acc, u, s);
}
}  // namespace vnni
namespace emulated {
template <bool kWide>
__m256i dot256(__m256i acc, __m256i u, __m256i s) {
  return dot_emulated<kWide>(acc, u, s);
}
}  // namespace emulated

using VecI = __m256i;
using VecF = __m256;
constexpr int kLanes = 8;
constexpr int kTileVectors = 1;
constexpr int kFloatTokens = 8;

VecI i_zero() {
  return _mm256_setzero_si256();
}
VecI i_set1(std::int32_t value) {
  return _mm256_set1_epi32(value);
}
VecI i_load(const float* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
void i_store(float* p, VecI v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}
VecF f_zero() {
  return _mm256_setzero_ps();
}
VecF f_set1(float value) {
  return _mm256_set1_ps(value);
}
VecF f_load(const float* p) {
  return _mm256_loadu_ps(p);
}
VecF f_cvt(VecI v) {
  return _mm256_cvtepi32_ps(v);
}
VecF f_fma(VecF a, VecF b, VecF c) {
  return _mm256_fmadd_ps(a, b, c);
}

VecI gather_dwords(const float* base, std::int64_t first, std::int64_t stride) {
  const VecI index =
      _mm256_add_epi32(_mm256_set1_epi32(static_cast<std::int32_t>(first)),
                       _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                          _mm256_set1_epi32(static_cast<std::int32_t>(stride))));
  return _mm256_i32gather_epi32(reinterpret_cast<const int*>(base), index, 4);
}

void store_rows(float* y, VecF v, int valid, bool accumulate) {
  if (valid <= 0) return;
  if (valid >= kLanes) {
    if (accumulate) v = _mm256_add_ps(v, _mm256_loadu_ps(y));
    _mm256_storeu_ps(y, v);
    return;
  }
  float lanes[kLanes];
  _mm256_storeu_ps(lanes, v);
  for (int i = 0; i < valid; ++i) y[i] = accumulate ? y[i] + lanes[i] : lanes[i];
}

namespace vnni {
template <bool kWide>
VecI dot_u8s8(VecI acc, VecI u, VecI s) {
  return _mm256_dpbusd_avx_epi32(acc, u, s);
}
#include "matmul_x86.inc"

constexpr LevelKernels kKernels = {
    .convert = {nullptr, nullptr, nullptr, convert_for_q8_0, convert_for_q4_0, convert_for_affine,
                convert_for_q5_0, convert_for_affine, convert_for_affine_k, convert_for_affine_k,
                convert_for_q6_k},
    .multiply = {multiply_f32, multiply_f16, multiply_bf16_as_f32, multiply_q8_0, multiply_q4_0,
                 multiply_q4_1, multiply_q5_0, multiply_q5_1, multiply_q4_k, multiply_q5_k,
                 multiply_q6_k},
};
}  // namespace vnni

namespace emulated {
template <bool kWide>
VecI dot_u8s8(VecI acc, VecI u, VecI s) {
  return dot_emulated<kWide>(acc, u, s);
}
#include "matmul_x86.inc"

constexpr LevelKernels kKernels = {
    .convert = {nullptr, nullptr, nullptr, convert_for_q8_0, convert_for_q4_0, convert_for_affine,
                convert_for_q5_0, convert_for_affine, convert_for_affine_k, convert_for_affine_k,
                convert_for_q6_k},
    .multiply = {multiply_f32, multiply_f16, multiply_bf16_as_f32, multiply_q8_0, multiply_q4_0,
                 multiply_q4_1, multiply_q5_0, multiply_q5_1, multiply_q4_k, multiply_q5_k,
                 multiply_q6_k},
};
}  // namespace emulated

}  // namespace

const LevelKernels& avx2_kernels(bool vnni) noexcept {
  return vnni ? vnni::kKernels : emulated::kKernels;
}

}  // namespace hearth::tensor::kernels
