// AVX2 + FMA + F16C kernels for ops.h: 8 floats per vector, masked loads
// and stores (or a scalar loop) for the tails.
#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "hearth/tensor/half.h"
#include "ops_kernels.h"

namespace hearth::tensor::ops_avx2 {
namespace {

using ops_kernels::AttentionProblem;
using ops_kernels::CacheRowFormat;
using ops_kernels::CacheRows;

constexpr std::int64_t kLanes = 8;
constexpr std::int64_t kQ8_0BlockValues = 32;
constexpr std::int64_t kQ8_0BlockBytes = 34;

// Eight all-ones lanes then eight zero lanes: the 8 lanes starting at
// 8 - n select the first n.
alignas(64) constexpr std::int32_t kLaneMasks[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                     0,  0,  0,  0,  0,  0,  0,  0};

// The first `remaining` lanes (all 8 when remaining >= 8).
__m256i first_lanes(std::int64_t remaining) {
  const std::int64_t n = remaining >= kLanes ? kLanes : remaining;
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kLaneMasks + kLanes - n));
}

__m256 load_first(const float* p, std::int64_t remaining) {
  return remaining >= kLanes ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, first_lanes(remaining));
}

void store_first(float* p, std::int64_t remaining, __m256 v) {
  if (remaining >= kLanes) {
    _mm256_storeu_ps(p, v);
  } else {
    _mm256_maskstore_ps(p, first_lanes(remaining), v);
  }
}

// Up to 4 floats into the low half (the high half is not used).
__m256 load_pairs(const float* p, std::int64_t pairs) {
  return pairs == kLanes / 2 ? _mm256_castps128_ps256(_mm_loadu_ps(p)) : load_first(p, pairs);
}

float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

float horizontal_max(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}

// exp(x) = 2^n * exp(r) with n = round(x / ln 2) and |r| <= ln 2 / 2; exp(r)
// is Cephes' degree-6 polynomial (relative error about 2e-7). 2^n is built
// in the exponent field, so x is clamped to where that field is valid and
// results below exp(-87.3) are flushed to 0. NaN passes through.
[[gnu::always_inline]] inline __m256 exp(__m256 x) {
  const __m256 lowest_normal_input = _mm256_set1_ps(-87.3365447f);
  const __m256 underflow = _mm256_cmp_ps(x, lowest_normal_input, _CMP_LT_OQ);
  x = _mm256_max_ps(lowest_normal_input, x);
  x = _mm256_min_ps(_mm256_set1_ps(88.7228391f), x);
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  const __m256 y = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i exponent =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_andnot_ps(underflow, _mm256_mul_ps(y, _mm256_castsi256_ps(exponent)));
}

__m256 silu_times(__m256 gate, __m256 up) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 denominator = _mm256_add_ps(one, exp(_mm256_sub_ps(_mm256_setzero_ps(), gate)));
  return _mm256_div_ps(_mm256_mul_ps(gate, up), denominator);
}

// Lane j of the result is the sum of the 8 lanes of sums[j].
[[gnu::always_inline]] inline __m256 sum_each(const __m256 (&sums)[8]) {
  const __m256 s01 = _mm256_hadd_ps(sums[0], sums[1]);
  const __m256 s23 = _mm256_hadd_ps(sums[2], sums[3]);
  const __m256 s45 = _mm256_hadd_ps(sums[4], sums[5]);
  const __m256 s67 = _mm256_hadd_ps(sums[6], sums[7]);
  const __m256 s0123 = _mm256_hadd_ps(s01, s23);  // halves: keys 0-3 of lanes 0-3, 4-7
  const __m256 s4567 = _mm256_hadd_ps(s45, s67);
  return _mm256_add_ps(_mm256_permute2f128_ps(s0123, s4567, 0x20),
                       _mm256_permute2f128_ps(s0123, s4567, 0x31));
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
        const std::int64_t remaining = head_dim - c * kLanes;
        __m128i halves;
        if (remaining >= kLanes) {
          halves = _mm_loadu_si128(reinterpret_cast<const __m128i*>(source + 2 * kLanes * c));
        } else {
          std::uint16_t padded[kLanes] = {};
          std::memcpy(padded, source + 2 * kLanes * c,
                      static_cast<std::size_t>(remaining) * sizeof(std::uint16_t));
          halves = _mm_loadu_si128(reinterpret_cast<const __m128i*>(padded));
        }
        _mm256_storeu_ps(row + c * kLanes, _mm256_cvtph_ps(halves));
      }
      continue;
    }
    for (std::int64_t b = 0; b < head_dim / kQ8_0BlockValues; ++b) {
      const std::byte* block = source + b * kQ8_0BlockBytes;
      std::uint16_t half_scale;
      std::memcpy(&half_scale, block, sizeof(half_scale));
      const __m256 scale = _mm256_set1_ps(_cvtsh_ss(half_scale));
      for (int k = 0; k < 4; ++k) {
        const __m128i levels =
            _mm_loadl_epi64(reinterpret_cast<const __m128i*>(block + 2 + k * kLanes));
        _mm256_storeu_ps(row + b * kQ8_0BlockValues + k * kLanes,
                         _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(levels)), scale));
      }
    }
  }
}

// Scores of every query against one tile of keys, 8 positions at a time
// (rows past `count` are zero; their scores land in the score rows'
// padding).
template <int kChunks>
void score_tile(const AttentionProblem& problem, const float* tile, std::int64_t runtime_chunks,
                std::int64_t first) {
  const std::int64_t chunks = chunks_of<kChunks>(runtime_chunks);
  const __m256 scale = _mm256_set1_ps(problem.scale);
  const std::int64_t row_floats = chunks * kLanes;
  for (std::int32_t h = 0; h < problem.n_queries; ++h) {
    const float* q = problem.q + h * problem.q_stride;
    for (std::int64_t group = 0; group < ops_kernels::kAttentionTile; group += 8) {
      const float* rows = tile + group * row_floats;
      __m256 sums[8];
      for (__m256& sum : sums) sum = _mm256_setzero_ps();
      for (std::int64_t c = 0; c < chunks; ++c) {
        const __m256 query = load_first(q + c * kLanes, problem.head_dim - c * kLanes);
        for (int j = 0; j < 8; ++j) {
          sums[j] =
              _mm256_fmadd_ps(query, _mm256_loadu_ps(rows + j * row_floats + c * kLanes), sums[j]);
        }
      }
      _mm256_storeu_ps(problem.scratch + h * problem.score_stride + first + group,
                       _mm256_mul_ps(sum_each(sums), scale));
    }
  }
}

// out[chunks first .. first + N) += sum_j p[j] * tile row j, with two sets
// of accumulators so consecutive positions do not wait on each other.
template <int N, int kChunks>
void accumulate_chunks(const float* p, std::int64_t count, const float* tile,
                       std::int64_t runtime_chunks, std::int64_t first_chunk, std::int32_t head_dim,
                       float* out) {
  const std::int64_t row_floats = chunks_of<kChunks>(runtime_chunks) * kLanes;
  __m256 even[N];
  __m256 odd[N];
  for (int k = 0; k < N; ++k) {
    const std::int64_t offset = (first_chunk + k) * kLanes;
    even[k] = load_first(out + offset, head_dim - offset);
    odd[k] = _mm256_setzero_ps();
  }
  std::int64_t j = 0;
  for (; j + 2 <= count; j += 2) {
    const __m256 p_even = _mm256_broadcast_ss(p + j);
    const __m256 p_odd = _mm256_broadcast_ss(p + j + 1);
    const float* row_even = tile + j * row_floats + first_chunk * kLanes;
    const float* row_odd = row_even + row_floats;
    for (int k = 0; k < N; ++k) {
      even[k] = _mm256_fmadd_ps(p_even, _mm256_loadu_ps(row_even + k * kLanes), even[k]);
      odd[k] = _mm256_fmadd_ps(p_odd, _mm256_loadu_ps(row_odd + k * kLanes), odd[k]);
    }
  }
  if (j < count) {
    const __m256 p_last = _mm256_broadcast_ss(p + j);
    const float* row = tile + j * row_floats + first_chunk * kLanes;
    for (int k = 0; k < N; ++k) {
      even[k] = _mm256_fmadd_ps(p_last, _mm256_loadu_ps(row + k * kLanes), even[k]);
    }
  }
  for (int k = 0; k < N; ++k) {
    const std::int64_t offset = (first_chunk + k) * kLanes;
    store_first(out + offset, head_dim - offset, _mm256_add_ps(even[k], odd[k]));
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

}  // namespace

void rms_norm(const float* x, const float* weight, float* out, std::int64_t n, float eps) noexcept {
  __m256 sums[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                    _mm256_setzero_ps()};
  std::int64_t i = 0;
  for (; i + 4 * kLanes <= n; i += 4 * kLanes) {
    for (int k = 0; k < 4; ++k) {
      const __m256 v = _mm256_loadu_ps(x + i + k * kLanes);
      sums[k] = _mm256_fmadd_ps(v, v, sums[k]);
    }
  }
  for (; i < n; i += kLanes) {
    const __m256 v = load_first(x + i, n - i);
    sums[0] = _mm256_fmadd_ps(v, v, sums[0]);
  }
  const float sum_of_squares = horizontal_sum(
      _mm256_add_ps(_mm256_add_ps(sums[0], sums[1]), _mm256_add_ps(sums[2], sums[3])));
  const __m256 inverse_rms =
      _mm256_set1_ps(1.0f / __builtin_sqrtf(sum_of_squares / static_cast<float>(n) + eps));
  for (i = 0; i < n; i += kLanes) {
    const __m256 v = _mm256_mul_ps(load_first(x + i, n - i), inverse_rms);
    store_first(out + i, n - i, _mm256_mul_ps(v, load_first(weight + i, n - i)));
  }
}

void add_in_place(float* y, const float* x, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; i += kLanes) {
    store_first(y + i, n - i, _mm256_add_ps(load_first(y + i, n - i), load_first(x + i, n - i)));
  }
}

void silu_mul(const float* gate, const float* up, float* out, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; i += kLanes) {
    store_first(out + i, n - i, silu_times(load_first(gate + i, n - i), load_first(up + i, n - i)));
  }
}

void softmax(float* x, std::int64_t n) noexcept {
  const __m256 lowest = _mm256_set1_ps(-__builtin_inff());
  __m256 maximum = lowest;
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) maximum = _mm256_max_ps(maximum, _mm256_loadu_ps(x + i));
  if (i < n) {
    maximum = _mm256_max_ps(maximum,
                            _mm256_blendv_ps(lowest, _mm256_maskload_ps(x + i, first_lanes(n - i)),
                                             _mm256_castsi256_ps(first_lanes(n - i))));
  }
  const __m256 shift = _mm256_set1_ps(horizontal_max(maximum));
  __m256 sum = _mm256_setzero_ps();
  for (i = 0; i < n; i += kLanes) {
    const __m256 e = exp(_mm256_sub_ps(load_first(x + i, n - i), shift));
    store_first(x + i, n - i, e);
    sum = _mm256_add_ps(sum, _mm256_and_ps(e, _mm256_castsi256_ps(first_lanes(n - i))));
  }
  const __m256 inverse_sum = _mm256_set1_ps(1.0f / horizontal_sum(sum));
  for (i = 0; i < n; i += kLanes) {
    store_first(x + i, n - i, _mm256_mul_ps(load_first(x + i, n - i), inverse_sum));
  }
}

void rope(float* x, std::int32_t n_heads, std::int32_t head_dim, std::int32_t n_rot,
          const float* cos, const float* sin, bool neox) noexcept {
  const std::int64_t half = n_rot / 2;
  // normal: lanes (2i, 2i + 1) hold one pair; cos and sin are duplicated
  // across it, sin negated in the even lane, and the pair swapped.
  const __m256i duplicate = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
  const __m256 negate_even = _mm256_castsi256_ps(
      _mm256_setr_epi32(INT32_MIN, 0, INT32_MIN, 0, INT32_MIN, 0, INT32_MIN, 0));
  for (std::int32_t h = 0; h < n_heads; ++h) {
    float* head = x + static_cast<std::int64_t>(h) * head_dim;
    if (neox) {
      for (std::int64_t i = 0; i < half; i += kLanes) {
        const std::int64_t remaining = half - i;
        const __m256 x0 = load_first(head + i, remaining);
        const __m256 x1 = load_first(head + half + i, remaining);
        const __m256 c = load_first(cos + i, remaining);
        const __m256 s = load_first(sin + i, remaining);
        store_first(head + i, remaining, _mm256_fmsub_ps(x0, c, _mm256_mul_ps(x1, s)));
        store_first(head + half + i, remaining, _mm256_fmadd_ps(x0, s, _mm256_mul_ps(x1, c)));
      }
      continue;
    }
    for (std::int64_t i = 0; i < half; i += kLanes / 2) {
      const std::int64_t pairs = half - i < kLanes / 2 ? half - i : kLanes / 2;
      const __m256 c = _mm256_permutevar8x32_ps(load_pairs(cos + i, pairs), duplicate);
      const __m256 s = _mm256_xor_ps(
          _mm256_permutevar8x32_ps(load_pairs(sin + i, pairs), duplicate), negate_even);
      const __m256 v = load_first(head + 2 * i, 2 * pairs);
      const __m256 swapped = _mm256_permute_ps(v, _MM_SHUFFLE(2, 3, 0, 1));
      store_first(head + 2 * i, 2 * pairs, _mm256_fmadd_ps(v, c, _mm256_mul_ps(swapped, s)));
    }
  }
}

void store_f16_row(const float* x, std::byte* destination, std::int64_t n) noexcept {
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m128i halves =
        _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(destination + 2 * i), halves);
  }
  for (; i < n; ++i) {
    const std::uint16_t half = fp32_to_fp16(x[i]);
    std::memcpy(destination + 2 * i, &half, sizeof(half));
  }
}

// ggml's quantize_row_q8_0_ref, vectorized: the same scale and the same
// round-half-away-from-zero levels, so the bytes are identical.
void store_q8_0_row(const float* x, std::byte* destination, std::int64_t n) noexcept {
  const __m256 sign_bit = _mm256_set1_ps(-0.0f);
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 half = _mm256_set1_ps(0.5f);
  for (std::int64_t b = 0; b < n / kQ8_0BlockValues; ++b) {
    const float* values = x + b * kQ8_0BlockValues;
    std::byte* block = destination + b * kQ8_0BlockBytes;
    __m256 v[4];
    __m256 max_magnitude = _mm256_setzero_ps();
    for (int k = 0; k < 4; ++k) {
      v[k] = _mm256_loadu_ps(values + k * kLanes);
      max_magnitude = _mm256_max_ps(max_magnitude, _mm256_andnot_ps(sign_bit, v[k]));
    }
    const float scale = horizontal_max(max_magnitude) / 127;
    const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
    const std::uint16_t half_scale = static_cast<std::uint16_t>(_mm_extract_epi16(
        _mm_cvtps_ph(_mm_set_ss(scale), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), 0));
    std::memcpy(block, &half_scale, sizeof(half_scale));
    __m256i levels[4];
    for (int k = 0; k < 4; ++k) {
      const __m256 scaled = _mm256_mul_ps(v[k], _mm256_set1_ps(inverse_scale));
      const __m256 truncated = _mm256_round_ps(scaled, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
      const __m256 round_away = _mm256_cmp_ps(
          _mm256_andnot_ps(sign_bit, _mm256_sub_ps(scaled, truncated)), half, _CMP_GE_OQ);
      const __m256 step =
          _mm256_and_ps(round_away, _mm256_or_ps(_mm256_and_ps(scaled, sign_bit), one));
      levels[k] = _mm256_cvtps_epi32(_mm256_add_ps(truncated, step));
    }
    // Saturating packs interleave 128-bit lanes; the permute restores order.
    const __m256i words = _mm256_packs_epi16(_mm256_packs_epi32(levels[0], levels[1]),
                                             _mm256_packs_epi32(levels[2], levels[3]));
    __m256i bytes = _mm256_permutevar8x32_epi32(words, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    // An infinite inverse (a subnormal scale) makes every level 0, as the
    // reference's guarded float-to-int conversion does.
    if (!(inverse_scale <= 3.4028234e38f)) bytes = _mm256_setzero_si256();
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(block + 2), bytes);
  }
}

#include "attention_passes.inc"

// Two passes over the cache with the scores in scratch (see ops.h and
// attention_passes.inc), specialised for the common head sizes.
void attend(const AttentionProblem& problem) noexcept {
  const std::int64_t chunks = (problem.head_dim + kLanes - 1) / kLanes;
  switch (chunks) {
    case 4:  // head_dim 32
      return attend_with<4>(problem, chunks);
    case 8:  // head_dim 64
      return attend_with<8>(problem, chunks);
    case 16:  // head_dim 128
      return attend_with<16>(problem, chunks);
    default:
      return attend_with<0>(problem, chunks);
  }
}

}  // namespace hearth::tensor::ops_avx2
