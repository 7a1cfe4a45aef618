#include "kquant_search.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

int clamped_symmetric_level(float value, float inverse_scale, int max_level) {
  return std::max(-max_level, std::min(max_level - 1, nearest_int(inverse_scale * value)));
}

int clamped_affine_level(float value, float minimum, float inverse_scale, int max_level) {
  return std::max(0, std::min(max_level, nearest_int(inverse_scale * (value - minimum))));
}

}  // namespace

float fit_symmetric_levels(std::span<const float> values, int max_level,
                           std::span<std::int8_t> levels) {
  assert(levels.size() == values.size());
  const float extreme = signed_extreme(values);
  if (std::fabs(extreme) < kGroupMaxEpsilon) {
    std::fill(levels.begin(), levels.end(), std::int8_t{0});
    return 0.0f;
  }

  // The sums are accumulated in ggml's order and association so the chosen
  // scale is bit-identical; each value is weighted by its square.
  float inverse_scale = static_cast<float>(-max_level) / extreme;
  float sum_weighted_xl = 0.0f;
  float sum_weighted_ll = 0.0f;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float x = values[i];
    const int level = clamped_symmetric_level(x, inverse_scale, max_level);
    levels[i] = static_cast<std::int8_t>(level + max_level);
    const float weight = x * x;
    sum_weighted_xl += weight * x * static_cast<float>(level);
    sum_weighted_ll += weight * static_cast<float>(level) * static_cast<float>(level);
  }
  float scale = sum_weighted_ll != 0.0f ? sum_weighted_xl / sum_weighted_ll : 0.0f;
  float best = scale * sum_weighted_xl;

  for (int step = -9; step <= 9; ++step) {
    if (step == 0) continue;
    inverse_scale = -(static_cast<float>(max_level) + 0.1f * static_cast<float>(step)) / extreme;
    sum_weighted_xl = 0.0f;
    sum_weighted_ll = 0.0f;
    for (const float x : values) {
      const int level = clamped_symmetric_level(x, inverse_scale, max_level);
      const float weight = x * x;
      sum_weighted_xl += weight * x * static_cast<float>(level);
      sum_weighted_ll += weight * static_cast<float>(level) * static_cast<float>(level);
    }
    // Maximising sumlx^2 / suml2 minimises the weighted error at the best
    // scale for these levels, without dividing.
    if (sum_weighted_ll > 0.0f && sum_weighted_xl * sum_weighted_xl > best * sum_weighted_ll) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        levels[i] = static_cast<std::int8_t>(
            max_level + clamped_symmetric_level(values[i], inverse_scale, max_level));
      }
      scale = sum_weighted_xl / sum_weighted_ll;
      best = scale * sum_weighted_xl;
    }
  }
  return scale;
}

AffineFit fit_affine_levels(std::span<const float> values, std::span<const float> weights,
                            const AffineSearch& search, std::span<std::uint8_t> levels) {
  assert(!values.empty() && values.size() <= kMaxSearchGroup);
  assert(weights.size() == values.size() && levels.size() == values.size());
  const std::size_t count = values.size();

  float minimum = values[0];
  float maximum = values[0];
  float sum_weights = weights[0];
  float sum_weighted_x = sum_weights * values[0];
  for (std::size_t i = 1; i < count; ++i) {
    minimum = std::min(minimum, values[i]);
    maximum = std::max(maximum, values[i]);
    sum_weights += weights[i];
    sum_weighted_x += weights[i] * values[i];
  }
  // The minimum is only ever an offset downwards, so a group of positive
  // values still starts at zero.
  if (minimum > 0.0f) minimum = 0.0f;
  if (maximum == minimum) {
    std::fill(levels.begin(), levels.end(), std::uint8_t{0});
    return {0.0f, -minimum};
  }

  float inverse_scale = static_cast<float>(search.max_level) / (maximum - minimum);
  float scale = 1 / inverse_scale;
  float best_error = 0.0f;
  for (std::size_t i = 0; i < count; ++i) {
    levels[i] = static_cast<std::uint8_t>(
        clamped_affine_level(values[i], minimum, inverse_scale, search.max_level));
    const float difference = scale * levels[i] + minimum - values[i];
    best_error += weights[i] * (difference * difference);
  }

  std::array<std::uint8_t, kMaxSearchGroup> candidate{};
  for (int step = 0; step <= search.steps; ++step) {
    // As in ggml, the grid follows the best minimum found so far rather than
    // the group's own minimum; the bytes depend on it.
    inverse_scale = (search.first_offset + search.offset_step * static_cast<float>(step) +
                     static_cast<float>(search.max_level)) /
                    (maximum - minimum);
    float sum_l = 0.0f;
    float sum_ll = 0.0f;
    float sum_xl = 0.0f;
    for (std::size_t i = 0; i < count; ++i) {
      const int level = clamped_affine_level(values[i], minimum, inverse_scale, search.max_level);
      candidate[i] = static_cast<std::uint8_t>(level);
      const float weight = weights[i];
      sum_l += weight * static_cast<float>(level);
      sum_ll += weight * static_cast<float>(level) * static_cast<float>(level);
      sum_xl += weight * static_cast<float>(level) * values[i];
    }
    // Weighted least squares for value ~= scale * level + minimum.
    const float determinant = sum_weights * sum_ll - sum_l * sum_l;
    if (!(determinant > 0.0f)) continue;
    float candidate_scale = (sum_weights * sum_xl - sum_weighted_x * sum_l) / determinant;
    float candidate_minimum = (sum_ll * sum_weighted_x - sum_l * sum_xl) / determinant;
    if (candidate_minimum > 0.0f) {
      candidate_minimum = 0.0f;
      candidate_scale = sum_xl / sum_ll;
    }
    float error = 0.0f;
    for (std::size_t i = 0; i < count; ++i) {
      const float difference = candidate_scale * candidate[i] + candidate_minimum - values[i];
      error += weights[i] * (difference * difference);
    }
    if (error < best_error) {
      std::copy_n(candidate.begin(), count, levels.begin());
      best_error = error;
      scale = candidate_scale;
      minimum = candidate_minimum;
    }
  }
  return {scale, -minimum};
}

}  // namespace hearth::tensor::detail
