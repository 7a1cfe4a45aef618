// The level searches of ggml's k-quants: for a small group of values, find a
// scale (and for affine types a minimum) and the integer levels that best
// reproduce the group.
//
// They follow ggml's make_qx_quants and make_qkx2_quants operation for
// operation, because a different but equally good search would produce
// different bytes than llama.cpp's quantizer.
#pragma once

#include <cstdint>
#include <span>

namespace hearth::tensor::detail {

// ggml's GROUP_MAX_EPS: a group whose largest magnitude is below this is
// treated as all zero.
inline constexpr float kGroupMaxEpsilon = 1e-15f;

// The largest group a search handles (the 32 values of a Q4_K/Q5_K sub-block).
inline constexpr std::size_t kMaxSearchGroup = 32;

// ggml's make_qx_quants with rmse_type 1 and no importance weights: levels in
// [-max_level, max_level - 1], stored offset by max_level, weighted by each
// value's square, trying 18 scales around the one that maps the extreme value
// to -max_level. Returns the scale (negative when the extreme is positive,
// which gives that side the extra level).
float fit_symmetric_levels(std::span<const float> values, int max_level,
                           std::span<std::int8_t> levels);

// The scale grid ggml's make_qkx2_quants walks: (max_level + first_offset +
// offset_step * i) / (max - min) for i in 0..steps.
struct AffineSearch {
  int max_level;
  float first_offset;
  float offset_step;
  int steps;
};

struct AffineFit {
  float scale;
  float offset;  // subtracted after scaling: value ~= scale * level - offset
};

// ggml's make_qkx2_quants (squared error, the variant Q4_K and Q5_K use):
// levels in [0, max_level] with a minimum no greater than zero, chosen by a
// weighted least-squares fit at each point of the scale grid.
AffineFit fit_affine_levels(std::span<const float> values, std::span<const float> weights,
                            const AffineSearch& search, std::span<std::uint8_t> levels);

}  // namespace hearth::tensor::detail
