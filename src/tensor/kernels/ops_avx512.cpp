// AVX-512 kernels for ops.h: 16 floats per vector, masked loads and stores
// for the tails.
#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "ops_kernels.h"

namespace hearth::tensor::ops_avx512 {
namespace {

using ops_kernels::AttentionProblem;
using ops_kernels::CacheRowFormat;
using ops_kernels::CacheRows;

constexpr std::int64_t kLanes = 16;
constexpr std::int64_t kQ8_0BlockValues = 32;
constexpr std::int64_t kQ8_0BlockBytes = 34;

// The first `remaining` lanes (all 16 when remaining >= 16).
__mmask16 first_lanes(std::int64_t remaining) {
  return remaining >= kLanes ? static_cast<__mmask16>(0xffff)
                             : static_cast<__mmask16>((1u << remaining) - 1u);
}

// exp(x) = 2^n * exp(r) with n = round(x / ln 2) and |r| <= ln 2 / 2; exp(r)
// is Cephes' degree-6 polynomial (relative error about 2e-7) and scalef
// applies 2^n, underflowing to 0 and overflowing to infinity as exp does.
// Clamping keeps r finite for infinite x; NaN passes through.
[[gnu::always_inline]] inline __m512 exp(__m512 x) {
  x = _mm512_max_ps(_mm512_set1_ps(-104.0f), x);
  x = _mm512_min_ps(_mm512_set1_ps(89.0f), x);
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  const __m512 y = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(y, n);
}

__m512 silu_times(__m512 gate, __m512 up) {
  const __m512 one = _mm512_set1_ps(1.0f);
  const __m512 denominator = _mm512_add_ps(one, exp(_mm512_sub_ps(_mm512_setzero_ps(), gate)));
  return _mm512_div_ps(_mm512_mul_ps(gate, up), denominator);
}

// Lane j of the result is the sum of the 16 lanes of sums[j]. Three rounds
// of shuffles and adds halve the vectors each time (46 instructions for 16
// sums, against 16 separate reductions of 8 or more each); the last round
// leaves key 4e + q in lane 4q + e, which one permute puts back in order.
[[gnu::always_inline]] inline __m512 sum_each(const __m512 (&sums)[16]) {
  __m512 halves[8];
  for (int i = 0; i < 8; ++i) {
    const __m512 a = sums[2 * i];
    const __m512 b = sums[2 * i + 1];
    halves[i] = _mm512_add_ps(_mm512_shuffle_f32x4(a, b, _MM_SHUFFLE(1, 0, 1, 0)),
                              _mm512_shuffle_f32x4(a, b, _MM_SHUFFLE(3, 2, 3, 2)));
  }
  __m512 quarters[4];
  for (int i = 0; i < 4; ++i) {
    const __m512 a = halves[2 * i];
    const __m512 b = halves[2 * i + 1];
    quarters[i] = _mm512_add_ps(_mm512_shuffle_f32x4(a, b, _MM_SHUFFLE(2, 0, 2, 0)),
                                _mm512_shuffle_f32x4(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
  }
  const __m512 low = _mm512_add_ps(_mm512_unpacklo_ps(quarters[0], quarters[1]),
                                   _mm512_unpackhi_ps(quarters[0], quarters[1]));
  const __m512 high = _mm512_add_ps(_mm512_unpacklo_ps(quarters[2], quarters[3]),
                                    _mm512_unpackhi_ps(quarters[2], quarters[3]));
  const __m512d low_pairs = _mm512_castps_pd(low);
  const __m512d high_pairs = _mm512_castps_pd(high);
  const __m512 interleaved =
      _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(low_pairs, high_pairs)),
                    _mm512_castpd_ps(_mm512_unpackhi_pd(low_pairs, high_pairs)));
  const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  return _mm512_permutexvar_ps(order, interleaved);
}

// The attention kernels below take the vectors per head (`chunks`) as a
// template argument for the common head dims, so tile offsets are constants
// and the compiler keeps more in registers; kChunks = 0 reads it at run time.
template <int kChunks>
std::int64_t chunks_of(std::int64_t runtime_chunks) {
  return kChunks > 0 ? kChunks : runtime_chunks;
}

// Converts cache rows [first, first + count) into `tile`, one row of
// `chunks` vectors per position, lanes past head_dim zero.
template <int kChunks>
void load_tile(const CacheRows& rows, std::int64_t first, std::int64_t count, std::int32_t head_dim,
               std::int64_t runtime_chunks, float* tile) {
  const std::int64_t chunks = chunks_of<kChunks>(runtime_chunks);
  for (std::int64_t r = 0; r < count; ++r) {
    const std::byte* source = rows.data + static_cast<std::size_t>(first + r) * rows.stride;
    float* row = tile + r * chunks * kLanes;
    if (rows.format == CacheRowFormat::f16) {
      for (std::int64_t c = 0; c < chunks; ++c) {
        const __m256i halves =
            _mm256_maskz_loadu_epi16(first_lanes(head_dim - c * kLanes), source + 2 * kLanes * c);
        _mm512_storeu_ps(row + c * kLanes, _mm512_cvtph_ps(halves));
      }
      continue;
    }
    for (std::int64_t b = 0; b < head_dim / kQ8_0BlockValues; ++b) {
      const std::byte* block = source + b * kQ8_0BlockBytes;
      std::uint16_t half_scale;
      std::memcpy(&half_scale, block, sizeof(half_scale));
      const __m512 scale = _mm512_set1_ps(_cvtsh_ss(half_scale));
      const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 2));
      const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 18));
      float* values = row + b * kQ8_0BlockValues;
      _mm512_storeu_ps(values, _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(low)), scale));
      _mm512_storeu_ps(values + kLanes,
                       _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(high)), scale));
    }
  }
}

// Scores of every query against one tile of keys (rows past `count` are
// zero; their scores land in the padding of the score rows).
template <int kChunks>
void score_tile(const AttentionProblem& problem, const float* tile, std::int64_t runtime_chunks,
                std::int64_t first) {
  const std::int64_t chunks = chunks_of<kChunks>(runtime_chunks);
  const __m512 scale = _mm512_set1_ps(problem.scale);
  const std::int64_t row_floats = chunks * kLanes;
  for (std::int32_t h = 0; h < problem.n_queries; ++h) {
    const float* q = problem.q + h * problem.q_stride;
    __m512 sums[16];
    for (__m512& sum : sums) sum = _mm512_setzero_ps();
    for (std::int64_t c = 0; c < chunks; ++c) {
      const __m512 query =
          _mm512_maskz_loadu_ps(first_lanes(problem.head_dim - c * kLanes), q + c * kLanes);
      for (int j = 0; j < 16; ++j) {
        sums[j] =
            _mm512_fmadd_ps(query, _mm512_loadu_ps(tile + j * row_floats + c * kLanes), sums[j]);
      }
    }
    _mm512_storeu_ps(problem.scratch + h * problem.score_stride + first,
                     _mm512_mul_ps(sum_each(sums), scale));
  }
}

// out[chunks first .. first + N) += sum_j p[j] * tile row j, with two sets
// of accumulators so consecutive positions do not wait on each other.
template <int N, int kChunks>
void accumulate_chunks(const float* p, std::int64_t count, const float* tile,
                       std::int64_t runtime_chunks, std::int64_t first_chunk, std::int32_t head_dim,
                       float* out) {
  const std::int64_t row_floats = chunks_of<kChunks>(runtime_chunks) * kLanes;
  __mmask16 masks[N];
  __m512 even[N];
  __m512 odd[N];
  for (int k = 0; k < N; ++k) {
    const std::int64_t offset = (first_chunk + k) * kLanes;
    masks[k] = first_lanes(head_dim - offset);
    even[k] = _mm512_maskz_loadu_ps(masks[k], out + offset);
    odd[k] = _mm512_setzero_ps();
  }
  std::int64_t j = 0;
  for (; j + 2 <= count; j += 2) {
    const __m512 p_even = _mm512_set1_ps(p[j]);
    const __m512 p_odd = _mm512_set1_ps(p[j + 1]);
    const float* row_even = tile + j * row_floats + first_chunk * kLanes;
    const float* row_odd = row_even + row_floats;
    for (int k = 0; k < N; ++k) {
      even[k] = _mm512_fmadd_ps(p_even, _mm512_loadu_ps(row_even + k * kLanes), even[k]);
      odd[k] = _mm512_fmadd_ps(p_odd, _mm512_loadu_ps(row_odd + k * kLanes), odd[k]);
    }
  }
  if (j < count) {
    const __m512 p_last = _mm512_set1_ps(p[j]);
    const float* row = tile + j * row_floats + first_chunk * kLanes;
    for (int k = 0; k < N; ++k) {
      even[k] = _mm512_fmadd_ps(p_last, _mm512_loadu_ps(row + k * kLanes), even[k]);
    }
  }
  for (int k = 0; k < N; ++k) {
    _mm512_mask_storeu_ps(out + (first_chunk + k) * kLanes, masks[k],
                          _mm512_add_ps(even[k], odd[k]));
  }
}

template <int kChunks>
void accumulate_tile(const AttentionProblem& problem, const float* tile,
                     std::int64_t runtime_chunks, std::int64_t first, std::int64_t count) {
  const std::int64_t chunks = chunks_of<kChunks>(runtime_chunks);
  for (std::int32_t h = 0; h < problem.n_queries; ++h) {
    const float* p = problem.scratch + h * problem.score_stride + first;
    float* out = problem.out + h * problem.out_stride;
    std::int64_t c = 0;
    for (; c + 4 <= chunks; c += 4) {
      accumulate_chunks<4, kChunks>(p, count, tile, chunks, c, problem.head_dim, out);
    }
    switch (chunks - c) {
      case 3:
        accumulate_chunks<3, kChunks>(p, count, tile, chunks, c, problem.head_dim, out);
        break;
      case 2:
        accumulate_chunks<2, kChunks>(p, count, tile, chunks, c, problem.head_dim, out);
        break;
      case 1:
        accumulate_chunks<1, kChunks>(p, count, tile, chunks, c, problem.head_dim, out);
        break;
      default:
        break;
    }
  }
}

float horizontal_max(__m512 v) {
  return _mm512_reduce_max_ps(v);
}

}  // namespace

void rms_norm(const float* x, const float* weight, float* out, std::int64_t n, float eps) noexcept {
  __m512 sums[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                    _mm512_setzero_ps()};
  std::int64_t i = 0;
  for (; i + 4 * kLanes <= n; i += 4 * kLanes) {
    for (int k = 0; k < 4; ++k) {
      const __m512 v = _mm512_loadu_ps(x + i + k * kLanes);
      sums[k] = _mm512_fmadd_ps(v, v, sums[k]);
    }
  }
  for (; i < n; i += kLanes) {
    const __m512 v = _mm512_maskz_loadu_ps(first_lanes(n - i), x + i);
    sums[0] = _mm512_fmadd_ps(v, v, sums[0]);
  }
  const float sum_of_squares = _mm512_reduce_add_ps(
      _mm512_add_ps(_mm512_add_ps(sums[0], sums[1]), _mm512_add_ps(sums[2], sums[3])));
  const __m512 inverse_rms =
      _mm512_set1_ps(1.0f / __builtin_sqrtf(sum_of_squares / static_cast<float>(n) + eps));
  for (i = 0; i < n; i += kLanes) {
    const __mmask16 mask = first_lanes(n - i);
    const __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, x + i), inverse_rms);
    _mm512_mask_storeu_ps(out + i, mask, _mm512_mul_ps(v, _mm512_maskz_loadu_ps(mask, weight + i)));
  }
}

void add_in_place(float* y, const float* x, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 mask = first_lanes(n - i);
    _mm512_mask_storeu_ps(
        y + i, mask,
        _mm512_add_ps(_mm512_maskz_loadu_ps(mask, y + i), _mm512_maskz_loadu_ps(mask, x + i)));
  }
}

void silu_mul(const float* gate, const float* up, float* out, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 mask = first_lanes(n - i);
    _mm512_mask_storeu_ps(
        out + i, mask,
        silu_times(_mm512_maskz_loadu_ps(mask, gate + i), _mm512_maskz_loadu_ps(mask, up + i)));
  }
}

void softmax(float* x, std::int64_t n) noexcept {
  const __m512 lowest = _mm512_set1_ps(-__builtin_inff());
  __m512 maximum = lowest;
  for (std::int64_t i = 0; i < n; i += kLanes) {
    maximum = _mm512_max_ps(maximum, _mm512_mask_loadu_ps(lowest, first_lanes(n - i), x + i));
  }
  const __m512 shift = _mm512_set1_ps(horizontal_max(maximum));
  __m512 sum = _mm512_setzero_ps();
  for (std::int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 mask = first_lanes(n - i);
    const __m512 e = exp(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, x + i), shift));
    _mm512_mask_storeu_ps(x + i, mask, e);
    sum = _mm512_mask_add_ps(sum, mask, sum, e);
  }
  const __m512 inverse_sum = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
  for (std::int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 mask = first_lanes(n - i);
    _mm512_mask_storeu_ps(x + i, mask,
                          _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, x + i), inverse_sum));
  }
}

void rope(float* x, std::int32_t n_heads, std::int32_t head_dim, std::int32_t n_rot,
          const float* cos, const float* sin, bool neox) noexcept {
  const std::int64_t half = n_rot / 2;
  // normal: lanes (2i, 2i + 1) hold one pair; cos and sin are duplicated
  // across it, sin negated in the even lane, and the pair swapped.
  const __m512i duplicate = _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
  const __m512 negate_even = _mm512_castsi512_ps(
      _mm512_setr_epi32(INT32_MIN, 0, INT32_MIN, 0, INT32_MIN, 0, INT32_MIN, 0, INT32_MIN, 0,
                        INT32_MIN, 0, INT32_MIN, 0, INT32_MIN, 0));
  for (std::int32_t h = 0; h < n_heads; ++h) {
    float* head = x + static_cast<std::int64_t>(h) * head_dim;
    if (neox) {
      for (std::int64_t i = 0; i < half; i += kLanes) {
        const __mmask16 mask = first_lanes(half - i);
        const __m512 x0 = _mm512_maskz_loadu_ps(mask, head + i);
        const __m512 x1 = _mm512_maskz_loadu_ps(mask, head + half + i);
        const __m512 c = _mm512_maskz_loadu_ps(mask, cos + i);
        const __m512 s = _mm512_maskz_loadu_ps(mask, sin + i);
        _mm512_mask_storeu_ps(head + i, mask, _mm512_fmsub_ps(x0, c, _mm512_mul_ps(x1, s)));
        _mm512_mask_storeu_ps(head + half + i, mask, _mm512_fmadd_ps(x0, s, _mm512_mul_ps(x1, c)));
      }
      continue;
    }
    for (std::int64_t i = 0; i < half; i += kLanes / 2) {
      const std::int64_t pairs = half - i < kLanes / 2 ? half - i : kLanes / 2;
      const __mmask16 pair_mask = first_lanes(pairs);
      const __mmask16 value_mask = first_lanes(2 * pairs);
      const __m512 c = _mm512_permutexvar_ps(duplicate, _mm512_maskz_loadu_ps(pair_mask, cos + i));
      const __m512 s = _mm512_xor_ps(
          _mm512_permutexvar_ps(duplicate, _mm512_maskz_loadu_ps(pair_mask, sin + i)), negate_even);
      const __m512 v = _mm512_maskz_loadu_ps(value_mask, head + 2 * i);
      const __m512 swapped = _mm512_permute_ps(v, _MM_SHUFFLE(2, 3, 0, 1));
      _mm512_mask_storeu_ps(head + 2 * i, value_mask,
                            _mm512_fmadd_ps(v, c, _mm512_mul_ps(swapped, s)));
    }
  }
}

void store_f16_row(const float* x, std::byte* destination, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 mask = first_lanes(n - i);
    const __m256i halves = _mm512_cvtps_ph(_mm512_maskz_loadu_ps(mask, x + i),
                                           _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm256_mask_storeu_epi16(destination + 2 * i, mask, halves);
  }
}

// ggml's quantize_row_q8_0_ref, vectorized: the same scale and the same
// round-half-away-from-zero levels, so the bytes are identical.
void store_q8_0_row(const float* x, std::byte* destination, std::int64_t n) noexcept {
  const __m512 sign_bit = _mm512_set1_ps(-0.0f);
  const __m512 one = _mm512_set1_ps(1.0f);
  const __m512 half = _mm512_set1_ps(0.5f);
  for (std::int64_t b = 0; b < n / kQ8_0BlockValues; ++b) {
    const float* values = x + b * kQ8_0BlockValues;
    std::byte* block = destination + b * kQ8_0BlockBytes;
    const __m512 v[2] = {_mm512_loadu_ps(values), _mm512_loadu_ps(values + kLanes)};
    const float max_magnitude =
        _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(v[0]), _mm512_abs_ps(v[1])));
    const float scale = max_magnitude / 127;
    const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
    const std::uint16_t half_scale = static_cast<std::uint16_t>(_mm_extract_epi16(
        _mm_cvtps_ph(_mm_set_ss(scale), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), 0));
    std::memcpy(block, &half_scale, sizeof(half_scale));
    // An infinite inverse (a subnormal scale) makes every level 0, as the
    // reference's guarded float-to-int conversion does.
    const bool finite_inverse = inverse_scale <= 3.4028234e38f;
    for (int k = 0; k < 2; ++k) {
      const __m512 scaled = _mm512_mul_ps(v[k], _mm512_set1_ps(inverse_scale));
      const __m512 truncated = _mm512_roundscale_ps(scaled, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
      const __mmask16 round_away =
          _mm512_cmp_ps_mask(_mm512_abs_ps(_mm512_sub_ps(scaled, truncated)), half, _CMP_GE_OQ);
      const __m512 step = _mm512_or_ps(_mm512_and_ps(scaled, sign_bit), one);
      const __m512 rounded = _mm512_mask_add_ps(truncated, round_away, truncated, step);
      __m128i levels = _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(rounded));
      if (!finite_inverse) levels = _mm_setzero_si128();
      _mm_storeu_si128(reinterpret_cast<__m128i*>(block + 2 + k * kLanes), levels);
    }
  }
}

#include "attention_passes.inc"

// Two passes over the cache with the scores in scratch (see ops.h and
// attention_passes.inc), specialised for the common head sizes.
void attend(const AttentionProblem& problem) noexcept {
  const std::int64_t chunks = (problem.head_dim + kLanes - 1) / kLanes;
  switch (chunks) {
    case 2:  // head_dim 32
      return attend_with<2>(problem, chunks);
    case 4:  // head_dim 64
      return attend_with<4>(problem, chunks);
    case 8:  // head_dim 128
      return attend_with<8>(problem, chunks);
    default:
      return attend_with<0>(problem, chunks);
  }
}

}  // namespace hearth::tensor::ops_avx512
