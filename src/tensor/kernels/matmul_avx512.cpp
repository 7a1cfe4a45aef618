// AVX-512 matrix-product kernels: VNNI integer products on 16 rows at a time.
// The panel (many-token) kernels are in matmul_x86.inc; the few-token kernels
// for integer formats, which decode two blocks or a super-block per 512-bit
// step in registers, are here.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "matmul_kernels.h"

namespace hearth::tensor::kernels {
namespace {

using VecI = __m512i;
using VecF = __m512;
constexpr int kLanes = 16;
constexpr int kTileVectors = 2;
constexpr int kFloatTokens = 8;

template <bool kWide>
VecI dot_u8s8(VecI acc, VecI u, VecI s) {
  return _mm512_dpbusd_epi32(acc, u, s);
}
template <bool kWide>
__m256i dot256(__m256i acc, __m256i u, __m256i s) {
  return _mm256_dpbusd_epi32(acc, u, s);
}
VecI i_zero() {
  return _mm512_setzero_si512();
}
VecI i_set1(std::int32_t value) {
  return _mm512_set1_epi32(value);
}
VecI i_load(const float* p) {
  return _mm512_loadu_si512(p);
}
void i_store(float* p, VecI v) {
  _mm512_storeu_si512(p, v);
}
VecF f_zero() {
  return _mm512_setzero_ps();
}
VecF f_set1(float value) {
  return _mm512_set1_ps(value);
}
VecF f_load(const float* p) {
  return _mm512_loadu_ps(p);
}
VecF f_cvt(VecI v) {
  return _mm512_cvtepi32_ps(v);
}
VecF f_fma(VecF a, VecF b, VecF c) {
  return _mm512_fmadd_ps(a, b, c);
}

VecI gather_dwords(const float* base, std::int64_t first, std::int64_t stride) {
  const VecI index = _mm512_add_epi32(
      _mm512_set1_epi32(static_cast<std::int32_t>(first)),
      _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm512_set1_epi32(static_cast<std::int32_t>(stride))));
  return _mm512_i32gather_epi32(index, base, 4);
}

void store_rows(float* y, VecF v, int valid, bool accumulate) {
  if (valid <= 0) return;
  const auto mask = static_cast<__mmask16>(valid >= 16 ? 0xffff : (1u << valid) - 1);
  if (accumulate) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, y));
  _mm512_mask_storeu_ps(y, mask, v);
}

#define HEARTH_MATMUL_OWN_FEW
#include "matmul_x86.inc"
#undef HEARTH_MATMUL_OWN_FEW

// Few tokens, 32-value blocks: two blocks of a row per 512-bit step, decoded
// in registers. `levels` holds block b in bytes 0-31 and b + 1 in 32-63.
struct BlockPair {
  __m512i levels;
  __m128 scales;  // lanes 0, 1
  __m128 mins;    // lanes 0, 1 (Q4_1, Q5_1)
};

__m128 f16_pair(const std::byte* a, const std::byte* b) {
  const auto bits =
      static_cast<std::int32_t>(load_u16(a) | (static_cast<std::uint32_t>(load_u16(b)) << 16));
  return _mm_cvtph_ps(_mm_cvtsi32_si128(bits));
}

// Block a's 16 nibble bytes in 128-bit lanes 0 and 1, b's in lanes 2 and 3
// (broadcast loads, no shuffles); the high nibbles are taken in lanes 1 and
// 3, so the 64 levels come out in order.
__m512i nibbles_pair(const std::byte* a, const std::byte* b) {
  const __m512i both = _mm512_mask_broadcast_i32x4(
      _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a))), 0xff00,
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(b)));
  return _mm512_and_si512(_mm512_mask_srli_epi16(both, 0xff00ff00, both, 4),
                          _mm512_set1_epi8(0x0f));
}

// Adds 16 to level j where bit j of a's 32-bit word (b's for j >= 32) is set.
__m512i add_fifth_bits_pair(__m512i levels, const std::byte* a, const std::byte* b) {
  const std::uint64_t bits =
      static_cast<std::uint32_t>(load_i32(a)) |
      (static_cast<std::uint64_t>(static_cast<std::uint32_t>(load_i32(b))) << 32);
  return _mm512_mask_add_epi8(levels, _cvtu64_mask64(bits), levels, _mm512_set1_epi8(0x10));
}

template <typename F>
BlockPair decode_pair(const std::byte* row, std::int64_t b);

template <>
BlockPair decode_pair<Q8_0>(const std::byte* row, std::int64_t b) {
  const std::byte* p = row + 34 * b;
  const __m512i levels =
      _mm512_inserti64x4(_mm512_castsi256_si512(load256(p + 2)), load256(p + 36), 1);
  return {_mm512_xor_si512(levels, _mm512_set1_epi8(-128)), f16_pair(p, p + 34), _mm_setzero_ps()};
}

template <>
BlockPair decode_pair<Q4_0>(const std::byte* row, std::int64_t b) {
  const std::byte* p = row + 18 * b;
  return {nibbles_pair(p + 2, p + 20), f16_pair(p, p + 18), _mm_setzero_ps()};
}

template <>
BlockPair decode_pair<Q4_1>(const std::byte* row, std::int64_t b) {
  const std::byte* p = row + 20 * b;
  return {nibbles_pair(p + 4, p + 24), f16_pair(p, p + 20), f16_pair(p + 2, p + 22)};
}

template <>
BlockPair decode_pair<Q5_0>(const std::byte* row, std::int64_t b) {
  const std::byte* p = row + 22 * b;
  return {add_fifth_bits_pair(nibbles_pair(p + 6, p + 28), p + 2, p + 24), f16_pair(p, p + 22),
          _mm_setzero_ps()};
}

template <>
BlockPair decode_pair<Q5_1>(const std::byte* row, std::int64_t b) {
  const std::byte* p = row + 24 * b;
  return {add_fifth_bits_pair(nibbles_pair(p + 8, p + 32), p + 4, p + 28), f16_pair(p, p + 24),
          f16_pair(p + 2, p + 26)};
}

// kT tokens (a compile-time count, so that the accumulators stay in
// registers instead of forming a store-to-load chain per pair).
template <typename F, int kT>
void multiply_few_pairs_n(const MultiplyArgs& args) {
  const std::int64_t blocks = args.cols / 32;
  const std::int64_t pairs_end = blocks / 2 * 2;
  // Hoisted: a division per pair took a good part of the time.
  const std::size_t block_bytes =
      blocks > 0 ? args.weight_row_bytes / static_cast<std::size_t>(blocks) : 0;
  // Lanes 0-7 take element 0, lanes 8-15 element 1.
  const __m512i halves = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
  std::uint8_t levels[32];
  float scale = 0.0f;
  float minimum = 0.0f;
  TokenRow x[kT];
  for (std::int64_t t = 0; t < kT; ++t) x[t] = token_row(args, t);
  for (std::int64_t r = args.row_begin; r < args.row_end; ++r) {
    const std::byte* row = args.weights + static_cast<std::size_t>(r) * args.weight_row_bytes;
    __m512 acc[kT];
    __m128 minimum_acc[kT];
    for (std::int64_t t = 0; t < kT; ++t) {
      acc[t] = _mm512_setzero_ps();
      minimum_acc[t] = _mm_setzero_ps();
    }
    for (std::int64_t b = 0; b < pairs_end; b += 2) {
      // One pair of blocks is at most 64 bytes: one prefetch per pair covers
      // the stream kPrefetchBytes ahead.
      _mm_prefetch(reinterpret_cast<const char*>(row) + kPrefetchBytes +
                       static_cast<std::size_t>(b) * block_bytes,
                   _MM_HINT_T0);
      const BlockPair pair = decode_pair<F>(row, b);
      for (std::int64_t t = 0; t < kT; ++t) {
        const __m512i activations = _mm512_loadu_si512(x[t].quants + 32 * b);
        const __m128 x_scales = _mm_castsi128_ps(
            _mm_loadl_epi64(reinterpret_cast<const __m128i*>(x[t].scales + 4 * b)));
        const __m128i terms = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(x[t].terms + 4 * b));
        __m512i init = _mm512_setzero_si512();
        if constexpr (F::kTerm == GroupTerm::offset) {
          init = _mm512_maskz_permutexvar_epi32(0x0101, halves, _mm512_castsi128_si512(terms));
        } else {
          minimum_acc[t] = _mm_fmadd_ps(pair.mins, _mm_mul_ps(x_scales, _mm_castsi128_ps(terms)),
                                        minimum_acc[t]);
        }
        const __m512i sum = _mm512_dpbusd_epi32(init, pair.levels, activations);
        const __m512 scales = _mm512_permutexvar_ps(
            halves, _mm512_castps128_ps512(_mm_mul_ps(pair.scales, x_scales)));
        acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), scales, acc[t]);
      }
    }
    float tail[kT] = {};
    if (pairs_end < blocks) {
      F::decode(row, 32 * pairs_end, 32, levels, &scale, &minimum, 1);
      for (std::int64_t t = 0; t < kT; ++t) {
        const std::int64_t b = pairs_end;
        __m256i init = _mm256_setzero_si256();
        if constexpr (F::kTerm == GroupTerm::offset) {
          init = _mm256_setr_epi32(load_i32(x[t].terms + 4 * b), 0, 0, 0, 0, 0, 0, 0);
        }
        const __m256i sum =
            _mm256_dpbusd_epi32(init, load256(levels), load256(x[t].quants + 32 * b));
        const float x_scale = load_f32(x[t].scales + 4 * b);
        tail[t] = hsum256(_mm256_cvtepi32_ps(sum)) * scale * x_scale;
        if constexpr (F::kTerm == GroupTerm::minimum) {
          tail[t] += minimum * load_f32(x[t].terms + 4 * b) * x_scale;
        }
      }
    }
    for (std::int64_t t = 0; t < kT; ++t) {
      __m128 m = _mm_add_ps(minimum_acc[t], _mm_movehl_ps(minimum_acc[t], minimum_acc[t]));
      m = _mm_add_ss(m, _mm_movehdup_ps(m));
      args.y[t * args.ldy + r] = _mm512_reduce_add_ps(acc[t]) + _mm_cvtss_f32(m) + tail[t];
    }
  }
}

template <typename F>
void multiply_few_pairs(const MultiplyArgs& args) {
  static_assert(kPanelMinTokens == 4);
  switch (args.tokens) {
    case 1:
      multiply_few_pairs_n<F, 1>(args);
      break;
    case 2:
      multiply_few_pairs_n<F, 2>(args);
      break;
    case 3:
      multiply_few_pairs_n<F, 3>(args);
      break;
    default:  // no tokens
      break;
  }
}

void multiply_q8_0(const MultiplyArgs& args) {
  multiply_int<Q8_0, multiply_few_pairs<Q8_0>>(args);
}
void multiply_q4_0(const MultiplyArgs& args) {
  multiply_int<Q4_0, multiply_few_pairs<Q4_0>>(args);
}
void multiply_q4_1(const MultiplyArgs& args) {
  multiply_int<Q4_1, multiply_few_pairs<Q4_1>>(args);
}
void multiply_q5_0(const MultiplyArgs& args) {
  multiply_int<Q5_0, multiply_few_pairs<Q5_0>>(args);
}
void multiply_q5_1(const MultiplyArgs& args) {
  multiply_int<Q5_1, multiply_few_pairs<Q5_1>>(args);
}

// Few tokens, K-quants: one super-block of a row at a time, in registers.
// Sixteen 32-bit lanes of a 512-bit product hold partial sums of two 32-value
// groups (Q4_K, Q5_K) or four 16-value groups (Q6_K); each lane group's scale
// is permuted into place once per row and super-block and reused by tokens.

// Lanes 0-7 take element a, lanes 8-15 element b.
__m512 spread_pair(__m512 values, int a, int b) {
  const __m512i index = _mm512_mask_set1_epi32(_mm512_set1_epi32(a), 0xff00, b);
  return _mm512_permutexvar_ps(index, values);
}

// Two 32-byte pieces of the token's levels, at byte offsets a and b.
__m512i levels_pair(const std::int8_t* quants, int a, int b) {
  return _mm512_inserti64x4(_mm512_castsi256_si512(load256(quants + a)), load256(quants + b), 1);
}

template <bool kFifthBit>
void multiply_few_affine_k(const MultiplyArgs& args) {
  constexpr std::size_t kBytes = kFifthBit ? 176 : 144;
  const std::int64_t blocks = args.cols / 256;
  TokenRow x[kPanelMinTokens];
  for (std::int64_t t = 0; t < args.tokens; ++t) x[t] = token_row(args, t);
  const __m512i low_mask = _mm512_set1_epi8(0x0f);
  for (std::int64_t r = args.row_begin; r < args.row_end; ++r) {
    const std::byte* row = args.weights + static_cast<std::size_t>(r) * args.weight_row_bytes;
    __m512 acc[kPanelMinTokens];
    for (std::int64_t t = 0; t < args.tokens; ++t) acc[t] = _mm512_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::byte* block = row + static_cast<std::size_t>(b) * kBytes;
      prefetch_ahead(block, kBytes);
      std::uint8_t scale_levels[8];
      std::uint8_t min_levels[8];
      k_scales_and_mins(block + 4, scale_levels, min_levels);
      std::uint64_t packed;
      std::memcpy(&packed, scale_levels, 8);
      const __m512 scales = _mm512_castps256_ps512(_mm256_mul_ps(
          _mm256_set1_ps(load_f16(block)),
          _mm256_cvtepi32_ps(
              _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(packed))))));
      std::memcpy(&packed, min_levels, 8);
      const __m512 mins = _mm512_castps256_ps512(_mm256_mul_ps(
          _mm256_set1_ps(-load_f16(block + 2)),
          _mm256_cvtepi32_ps(
              _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(packed))))));
      // Nibble bytes [64p, 64p + 64): low nibbles are groups 4p and 4p + 2,
      // high nibbles groups 4p + 1 and 4p + 3.
      const std::byte* nibbles = block + (kFifthBit ? 48 : 16);
      __m512i levels[4];
      for (int p = 0; p < 2; ++p) {
        const __m512i bytes = _mm512_loadu_si512(nibbles + 64 * p);
        levels[2 * p] = _mm512_and_si512(bytes, low_mask);
        levels[2 * p + 1] = _mm512_and_si512(_mm512_srli_epi16(bytes, 4), low_mask);
      }
      if constexpr (kFifthBit) {
        const __m256i high = load256(block + 16);
        const __m512i both = _mm512_inserti64x4(_mm512_castsi256_si512(high), high, 1);
        const __m512i sixteen = _mm512_set1_epi8(0x10);
        for (int i = 0; i < 4; ++i) {
          // levels[i] holds groups g and g + 2, g = 4 (i / 2) + i % 2.
          const int g = 4 * (i / 2) + i % 2;
          const __m512i bit =
              _mm512_inserti64x4(_mm512_set1_epi8(static_cast<char>(1 << g)),
                                 _mm256_set1_epi8(static_cast<char>(1 << (g + 2))), 1);
          levels[i] = _mm512_or_si512(
              levels[i], _mm512_maskz_mov_epi8(_mm512_test_epi8_mask(both, bit), sixteen));
        }
      }
      __m512 group_scales[4];
      for (int i = 0; i < 4; ++i) {
        const int g = 4 * (i / 2) + i % 2;
        group_scales[i] = spread_pair(scales, g, g + 2);
      }
      for (std::int64_t t = 0; t < args.tokens; ++t) {
        const std::int8_t* quants = x[t].quants + 256 * b;
        const __m512 sums = _mm512_castps256_ps512(
            _mm256_loadu_ps(reinterpret_cast<const float*>(x[t].terms + 32 * b)));
        __m512 part = _mm512_mul_ps(mins, sums);
        for (int i = 0; i < 4; ++i) {
          const int g = 4 * (i / 2) + i % 2;
          const __m512i sum = _mm512_dpbusd_epi32(_mm512_setzero_si512(), levels[i],
                                                  levels_pair(quants, 32 * g, 32 * (g + 2)));
          part = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), group_scales[i], part);
        }
        acc[t] = _mm512_fmadd_ps(part, _mm512_set1_ps(load_f32(x[t].scales + 4 * b)), acc[t]);
      }
    }
    for (std::int64_t t = 0; t < args.tokens; ++t) {
      args.y[t * args.ldy + r] = _mm512_reduce_add_ps(acc[t]);
    }
  }
}

void multiply_few_q6_k(const MultiplyArgs& args) {
  const std::int64_t blocks = args.cols / 256;
  TokenRow x[kPanelMinTokens];
  for (std::int64_t t = 0; t < args.tokens; ++t) x[t] = token_row(args, t);
  const __m512i low_mask = _mm512_set1_epi8(0x0f);
  const __m512i two_bits = _mm512_set1_epi8(0x03);
  for (std::int64_t r = args.row_begin; r < args.row_end; ++r) {
    const std::byte* row = args.weights + static_cast<std::size_t>(r) * args.weight_row_bytes;
    __m512 acc[kPanelMinTokens];
    for (std::int64_t t = 0; t < args.tokens; ++t) acc[t] = _mm512_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::byte* block = row + static_cast<std::size_t>(b) * 210;
      prefetch_ahead(block, 210);
      const __m512 scales = _mm512_mul_ps(_mm512_set1_ps(load_f16(block + 208)),
                                          _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(
                                              reinterpret_cast<const __m128i*>(block + 192)))));
      // levels[2h] holds values [128h, 128h + 64), levels[2h + 1] the next 64.
      __m512i levels[4];
      for (int h = 0; h < 2; ++h) {
        const __m512i low = _mm512_loadu_si512(block + 64 * h);
        const __m256i high = load256(block + 128 + 32 * h);
        const __m512i high_a =
            _mm512_inserti64x4(_mm512_castsi256_si512(high), _mm256_srli_epi16(high, 2), 1);
        const __m512i high_b = _mm512_srli_epi16(high_a, 4);
        levels[2 * h] = _mm512_or_si512(_mm512_and_si512(low, low_mask),
                                        _mm512_slli_epi16(_mm512_and_si512(high_a, two_bits), 4));
        levels[2 * h + 1] =
            _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(low, 4), low_mask),
                            _mm512_slli_epi16(_mm512_and_si512(high_b, two_bits), 4));
      }
      __m512 group_scales[4];
      for (int i = 0; i < 4; ++i) {
        const __m512i index =
            _mm512_add_epi32(_mm512_set1_epi32(4 * i),
                             _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3));
        group_scales[i] = _mm512_permutexvar_ps(index, scales);
      }
      for (std::int64_t t = 0; t < args.tokens; ++t) {
        const std::int8_t* quants = x[t].quants + 256 * b;
        const __m512 offsets = _mm512_cvtepi32_ps(_mm512_loadu_si512(x[t].terms + 64 * b));
        __m512 part = _mm512_mul_ps(scales, offsets);
        for (int i = 0; i < 4; ++i) {
          const __m512i sum = _mm512_dpbusd_epi32(_mm512_setzero_si512(), levels[i],
                                                  _mm512_loadu_si512(quants + 64 * i));
          part = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), group_scales[i], part);
        }
        acc[t] = _mm512_fmadd_ps(part, _mm512_set1_ps(load_f32(x[t].scales + 4 * b)), acc[t]);
      }
    }
    for (std::int64_t t = 0; t < args.tokens; ++t) {
      args.y[t * args.ldy + r] = _mm512_reduce_add_ps(acc[t]);
    }
  }
}

void multiply_q4_k(const MultiplyArgs& args) {
  multiply_int<Q4_K, multiply_few_affine_k<false>>(args);
}
void multiply_q5_k(const MultiplyArgs& args) {
  multiply_int<Q5_K, multiply_few_affine_k<true>>(args);
}
void multiply_q6_k(const MultiplyArgs& args) {
  multiply_int<Q6_K, multiply_few_q6_k>(args);
}

// BF16 weights are widened to F32 panels: on Sapphire/Emerald Rapids
// vdpbf16ps ran at about half the rate of the F32 FMA kernel (83 against 150
// GFLOP/s per core with 512 tokens), so AVX512-BF16 is not used.
constexpr LevelKernels kAvx512 = {
    .convert = {nullptr, nullptr, nullptr, convert_for_q8_0, convert_for_q4_0, convert_for_affine,
                convert_for_q5_0, convert_for_affine, convert_for_affine_k, convert_for_affine_k,
                convert_for_q6_k},
    .multiply = {multiply_f32, multiply_f16, multiply_bf16_as_f32, multiply_q8_0, multiply_q4_0,
                 multiply_q4_1, multiply_q5_0, multiply_q5_1, multiply_q4_k, multiply_q5_k,
                 multiply_q6_k},
};

}  // namespace

const LevelKernels& avx512_kernels() noexcept {
  return kAvx512;
}

}  // namespace hearth::tensor::kernels
