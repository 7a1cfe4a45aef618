// The reference matrix-product kernels: plain C++, one weight row and one
// token at a time, integer dot products per block as ggml's vec_dot_*_q8_*
// compute them. Every SIMD kernel is tested against these.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "../quant_rounding.h"
#include "hearth/tensor/half.h"
#include "matmul_kernels.h"

namespace hearth::tensor::kernels {
namespace {

constexpr std::int64_t kQ8Block = 32;
constexpr std::int64_t kQ8KBlock = 256;
constexpr std::size_t kQ8_0Bytes = 34;
constexpr std::size_t kQ8KBytes = 292;

float load_f32(const std::byte* p) {
  float value;
  std::memcpy(&value, p, sizeof(value));
  return value;
}

float load_f16(const std::byte* p) {
  std::uint16_t bits;
  std::memcpy(&bits, p, sizeof(bits));
  return fp16_to_fp32(bits);
}

float load_bf16(const std::byte* p) {
  std::uint16_t bits;
  std::memcpy(&bits, p, sizeof(bits));
  return bf16_to_fp32(bits);
}

template <typename T>
void store(std::byte* p, T value) {
  std::memcpy(p, &value, sizeof(value));
}

std::uint8_t byte_at(const std::byte* p, std::size_t i) {
  return static_cast<std::uint8_t>(p[i]);
}

// ---------------------------------------------------------------------------
// Converters.

void convert_f32(const ConvertArgs& args) {
  for (std::int64_t t = 0; t < args.tokens; ++t) {
    std::byte* row = args.out + static_cast<std::size_t>(t) * args.layout.row_bytes;
    std::memset(row, 0, args.layout.row_bytes);
    std::memcpy(row + args.layout.floats, args.x + t * args.ldx,
                static_cast<std::size_t>(args.cols) * sizeof(float));
  }
}

void convert_bf16(const ConvertArgs& args) {
  for (std::int64_t t = 0; t < args.tokens; ++t) {
    std::byte* row = args.out + static_cast<std::size_t>(t) * args.layout.row_bytes;
    std::memset(row, 0, args.layout.row_bytes);
    const float* x = args.x + t * args.ldx;
    for (std::int64_t k = 0; k < args.cols; ++k) {
      const std::uint16_t bits = fp32_to_bf16(x[k]);
      store(row + 2 * k, bits);
      store(row + args.layout.floats + 4 * k, bf16_to_fp32(bits));
    }
  }
}

// ggml's quantize_row_q8_0_ref, plus the kernels' sections. `offset` is the
// weight format's level offset (0 for formats with a minimum).
void convert_q8_0(const ConvertArgs& args, int offset) {
  const std::int64_t blocks = args.cols / kQ8Block;
  for (std::int64_t t = 0; t < args.tokens; ++t) {
    std::byte* row = args.out + static_cast<std::size_t>(t) * args.layout.row_bytes;
    std::memset(row, 0, args.layout.row_bytes);
    const float* x = args.x + t * args.ldx;
    for (std::int64_t b = 0; b < blocks; ++b) {
      const float* values = x + b * kQ8Block;
      float max_magnitude = 0.0f;
      for (std::int64_t i = 0; i < kQ8Block; ++i) {
        max_magnitude = std::max(max_magnitude, std::fabs(values[i]));
      }
      const float scale = max_magnitude / 127;
      const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
      const std::uint16_t scale_bits = fp32_to_fp16(scale);
      std::byte* block = row + static_cast<std::size_t>(b) * kQ8_0Bytes;
      store(block, scale_bits);
      std::int32_t sum = 0;
      for (std::int64_t i = 0; i < kQ8Block; ++i) {
        const auto level = static_cast<std::int8_t>(
            detail::truncate_to_int(std::round(values[i] * inverse_scale)));
        store(block + 2 + i, level);
        store(row + args.layout.quants + b * kQ8Block + i, level);
        sum += level;
      }
      store(row + args.layout.scales + 4 * b, fp16_to_fp32(scale_bits));
      if (offset != 0) {
        store(row + args.layout.group_terms + 4 * b, static_cast<std::int32_t>(-offset * sum));
      } else {
        store(row + args.layout.group_terms + 4 * b, static_cast<float>(sum));
      }
    }
  }
}

// ggml's quantize_row_q8_K_ref. `sixteens` asks for Q6_K's group terms
// (-32 * sum per 16 values) instead of the float sums per 32 values.
void convert_q8_k(const ConvertArgs& args, bool sixteens) {
  const std::int64_t blocks = args.cols / kQ8KBlock;
  for (std::int64_t t = 0; t < args.tokens; ++t) {
    std::byte* row = args.out + static_cast<std::size_t>(t) * args.layout.row_bytes;
    std::memset(row, 0, args.layout.row_bytes);
    const float* x = args.x + t * args.ldx;
    for (std::int64_t b = 0; b < blocks; ++b) {
      const float* values = x + b * kQ8KBlock;
      std::byte* block = row + static_cast<std::size_t>(b) * kQ8KBytes;
      std::int8_t levels[kQ8KBlock] = {};
      float scale = 0.0f;
      float max_magnitude = 0.0f;
      float extreme = 0.0f;
      for (std::int64_t i = 0; i < kQ8KBlock; ++i) {
        if (std::fabs(values[i]) > max_magnitude) {
          max_magnitude = std::fabs(values[i]);
          extreme = values[i];
        }
      }
      if (max_magnitude != 0.0f) {
        const float inverse_scale = -127.0f / extreme;
        for (std::int64_t i = 0; i < kQ8KBlock; ++i) {
          levels[i] = static_cast<std::int8_t>(
              std::min(127, detail::nearest_int(inverse_scale * values[i])));
        }
        scale = 1 / inverse_scale;
      }
      store(block, scale);
      std::memcpy(block + 4, levels, sizeof(levels));
      std::memcpy(row + args.layout.quants + b * kQ8KBlock, levels, sizeof(levels));
      store(row + args.layout.scales + 4 * b, scale);
      for (int j = 0; j < 16; ++j) {
        std::int32_t sum = 0;
        for (int i = 0; i < 16; ++i) sum += levels[16 * j + i];
        store(block + 4 + kQ8KBlock + 2 * j, static_cast<std::int16_t>(sum));
        if (sixteens) store(row + args.layout.group_terms + 4 * (16 * b + j), -32 * sum);
      }
      if (!sixteens) {
        for (int j = 0; j < 8; ++j) {
          std::int32_t sum = 0;
          for (int i = 0; i < 32; ++i) sum += levels[32 * j + i];
          store(row + args.layout.group_terms + 4 * (8 * b + j), static_cast<float>(sum));
        }
      }
    }
  }
}

void convert_for_q8_0(const ConvertArgs& args) {
  convert_q8_0(args, 128);
}
void convert_for_q4_0(const ConvertArgs& args) {
  convert_q8_0(args, 8);
}
void convert_for_q5_0(const ConvertArgs& args) {
  convert_q8_0(args, 16);
}
void convert_for_affine(const ConvertArgs& args) {
  convert_q8_0(args, 0);
}
void convert_for_affine_k(const ConvertArgs& args) {
  convert_q8_k(args, false);
}
void convert_for_q6_k(const ConvertArgs& args) {
  convert_q8_k(args, true);
}

// ---------------------------------------------------------------------------
// Dot products of one weight row with one activation row.

struct RowPair {
  const std::byte* w;
  const std::byte* x;
  const ActivationLayout& layout;
  std::int64_t cols;

  const std::int8_t* quants(std::int64_t k) const {
    return reinterpret_cast<const std::int8_t*>(x + layout.quants) + k;
  }
  float scale(std::int64_t block) const { return load_f32(x + layout.scales + 4 * block); }
  float group_sum(std::int64_t group) const { return load_f32(x + layout.group_terms + 4 * group); }
};

float dot_f32(const RowPair& p) {
  double sum = 0;
  for (std::int64_t k = 0; k < p.cols; ++k) {
    sum += static_cast<double>(load_f32(p.w + 4 * k)) * load_f32(p.x + p.layout.floats + 4 * k);
  }
  return static_cast<float>(sum);
}

float dot_f16(const RowPair& p) {
  double sum = 0;
  for (std::int64_t k = 0; k < p.cols; ++k) {
    sum += static_cast<double>(load_f16(p.w + 2 * k)) * load_f32(p.x + p.layout.floats + 4 * k);
  }
  return static_cast<float>(sum);
}

float dot_bf16(const RowPair& p) {
  double sum = 0;
  for (std::int64_t k = 0; k < p.cols; ++k) {
    sum += static_cast<double>(load_bf16(p.w + 2 * k)) * load_bf16(p.x + 2 * k);
  }
  return static_cast<float>(sum);
}

// Integer dot product of `n` weight levels with activation levels.
std::int32_t dot_levels(const int* levels, const std::int8_t* x, int n) {
  std::int32_t sum = 0;
  for (int i = 0; i < n; ++i) sum += levels[i] * x[i];
  return sum;
}

// Symmetric and affine 32-value blocks: levels (after the format's offset),
// the block scale and, for Q4_1/Q5_1, the minimum.
struct Block32 {
  int levels[32];
  float scale;
  float min;
};

using Block32Decoder = void (*)(const std::byte* block, Block32& out);

void decode_q8_0(const std::byte* block, Block32& out) {
  out.scale = load_f16(block);
  out.min = 0;
  for (int i = 0; i < 32; ++i) out.levels[i] = static_cast<std::int8_t>(block[2 + i]);
}

void decode_nibbles(const std::byte* nibbles, int offset, int* levels) {
  for (int i = 0; i < 16; ++i) {
    levels[i] = (byte_at(nibbles, i) & 15) - offset;
    levels[i + 16] = (byte_at(nibbles, i) >> 4) - offset;
  }
}

void decode_q4_0(const std::byte* block, Block32& out) {
  out.scale = load_f16(block);
  out.min = 0;
  decode_nibbles(block + 2, 8, out.levels);
}

void decode_q4_1(const std::byte* block, Block32& out) {
  out.scale = load_f16(block);
  out.min = load_f16(block + 2);
  decode_nibbles(block + 4, 0, out.levels);
}

void add_fifth_bits(const std::byte* high_bits, int offset, int* levels) {
  std::uint32_t bits;
  std::memcpy(&bits, high_bits, 4);
  for (int i = 0; i < 32; ++i) levels[i] += static_cast<int>((bits >> i) & 1) * 16 - offset;
}

void decode_q5_0(const std::byte* block, Block32& out) {
  out.scale = load_f16(block);
  out.min = 0;
  decode_nibbles(block + 6, 0, out.levels);
  add_fifth_bits(block + 2, 16, out.levels);
}

void decode_q5_1(const std::byte* block, Block32& out) {
  out.scale = load_f16(block);
  out.min = load_f16(block + 2);
  decode_nibbles(block + 8, 0, out.levels);
  add_fifth_bits(block + 4, 0, out.levels);
}

template <Block32Decoder Decode, std::size_t kBytes>
float dot_block32(const RowPair& p) {
  float sum = 0;
  Block32 block;
  for (std::int64_t b = 0; b < p.cols / 32; ++b) {
    Decode(p.w + static_cast<std::size_t>(b) * kBytes, block);
    const std::int32_t levels = dot_levels(block.levels, p.quants(32 * b), 32);
    std::int32_t x_sum = 0;
    for (int i = 0; i < 32; ++i) x_sum += p.quants(32 * b)[i];
    sum += p.scale(b) *
           (block.scale * static_cast<float>(levels) + block.min * static_cast<float>(x_sum));
  }
  return sum;
}

// Q4_K and Q5_K: eight 32-value sub-blocks with 6-bit scales and minimums.
void scales_and_mins(const std::byte* packed, int* scales, int* mins) {
  for (int j = 0; j < 4; ++j) {
    scales[j] = byte_at(packed, j) & 63;
    mins[j] = byte_at(packed, j + 4) & 63;
  }
  for (int j = 4; j < 8; ++j) {
    scales[j] = (byte_at(packed, j + 4) & 15) | ((byte_at(packed, j - 4) >> 6) << 4);
    mins[j] = (byte_at(packed, j + 4) >> 4) | ((byte_at(packed, j) >> 6) << 4);
  }
}

template <bool kFifthBit>
float dot_affine_k(const RowPair& p) {
  constexpr std::size_t kBytes = kFifthBit ? 176 : 144;
  float sum = 0;
  for (std::int64_t b = 0; b < p.cols / 256; ++b) {
    const std::byte* block = p.w + static_cast<std::size_t>(b) * kBytes;
    int scales[8];
    int mins[8];
    scales_and_mins(block + 4, scales, mins);
    const std::byte* high_bits = block + 16;
    const std::byte* nibbles = block + (kFifthBit ? 48 : 16);
    std::int32_t scaled = 0;
    std::int32_t offsets = 0;
    for (int j = 0; j < 8; ++j) {
      int levels[32];
      for (int l = 0; l < 32; ++l) {
        levels[l] = (byte_at(nibbles, 32 * (j / 2) + l) >> (4 * (j % 2))) & 15;
        if (kFifthBit) levels[l] += ((byte_at(high_bits, l) >> j) & 1) * 16;
      }
      scaled += scales[j] * dot_levels(levels, p.quants(256 * b + 32 * j), 32);
      offsets += mins[j] * static_cast<std::int32_t>(p.group_sum(8 * b + j));
    }
    sum += p.scale(b) * (load_f16(block) * static_cast<float>(scaled) -
                         load_f16(block + 2) * static_cast<float>(offsets));
  }
  return sum;
}

float dot_q6_k(const RowPair& p) {
  float sum = 0;
  for (std::int64_t b = 0; b < p.cols / 256; ++b) {
    const std::byte* block = p.w + static_cast<std::size_t>(b) * 210;
    int levels[256];
    for (int h = 0; h < 2; ++h) {
      for (int q = 0; q < 4; ++q) {
        for (int l = 0; l < 32; ++l) {
          const int low = (byte_at(block, 64 * h + 32 * (q & 1) + l) >> (q < 2 ? 0 : 4)) & 15;
          const int high = (byte_at(block, 128 + 32 * h + l) >> (2 * q)) & 3;
          levels[128 * h + 32 * q + l] = (low | (high << 4)) - 32;
        }
      }
    }
    std::int32_t scaled = 0;
    for (int j = 0; j < 16; ++j) {
      const int scale = static_cast<std::int8_t>(block[192 + j]);
      scaled += scale * dot_levels(levels + 16 * j, p.quants(256 * b + 16 * j), 16);
    }
    sum += p.scale(b) * load_f16(block + 208) * static_cast<float>(scaled);
  }
  return sum;
}

template <float (*Dot)(const RowPair&)>
void multiply_rows(const MultiplyArgs& args) {
  for (std::int64_t t = 0; t < args.tokens; ++t) {
    const std::byte* x = args.x + static_cast<std::size_t>(t) * args.layout.row_bytes;
    for (std::int64_t r = args.row_begin; r < args.row_end; ++r) {
      const RowPair pair{args.weights + static_cast<std::size_t>(r) * args.weight_row_bytes, x,
                         args.layout, args.cols};
      args.y[t * args.ldy + r] = Dot(pair);
    }
  }
}

constexpr LevelKernels kScalar = {
    .convert =
        {
            convert_f32,
            convert_f32,
            convert_bf16,
            convert_for_q8_0,
            convert_for_q4_0,
            convert_for_affine,
            convert_for_q5_0,
            convert_for_affine,
            convert_for_affine_k,
            convert_for_affine_k,
            convert_for_q6_k,
        },
    .multiply =
        {
            multiply_rows<dot_f32>,
            multiply_rows<dot_f16>,
            multiply_rows<dot_bf16>,
            multiply_rows<dot_block32<decode_q8_0, 34>>,
            multiply_rows<dot_block32<decode_q4_0, 18>>,
            multiply_rows<dot_block32<decode_q4_1, 20>>,
            multiply_rows<dot_block32<decode_q5_0, 22>>,
            multiply_rows<dot_block32<decode_q5_1, 24>>,
            multiply_rows<dot_affine_k<false>>,
            multiply_rows<dot_affine_k<true>>,
            multiply_rows<dot_q6_k>,
        },
};

}  // namespace

const LevelKernels& scalar_kernels() noexcept {
  return kScalar;
}

}  // namespace hearth::tensor::kernels
