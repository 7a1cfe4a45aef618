#include "logit_math.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace hearth::sampling::detail {
namespace {

// Independent accumulators: a sum or maximum spread over this many lanes
// needs no reassociation to vectorize, and the lanes are combined at the end.
constexpr std::size_t kLanes = 16;

}  // namespace

float sanitize_and_find_max(std::span<float> logits) noexcept {
  constexpr float kNegativeInfinity = -std::numeric_limits<float>::infinity();
  constexpr float kInfinity = std::numeric_limits<float>::infinity();
  for (float& v : logits) {
    v = std::isnan(v) ? kNegativeInfinity : v;
    v = v == kInfinity ? std::numeric_limits<float>::max() : v;
  }
  std::array<float, kLanes> lanes;
  lanes.fill(kNegativeInfinity);
  const std::size_t whole = logits.size() - logits.size() % kLanes;
  for (std::size_t i = 0; i < whole; i += kLanes) {
    for (std::size_t j = 0; j < kLanes; ++j) {
      lanes[j] = logits[i + j] > lanes[j] ? logits[i + j] : lanes[j];
    }
  }
  float max = kNegativeInfinity;
  for (const float lane : lanes) max = lane > max ? lane : max;
  for (std::size_t i = whole; i < logits.size(); ++i) max = logits[i] > max ? logits[i] : max;
  return max;
}

std::size_t first_index_of(std::span<const float> logits, float value) noexcept {
  std::size_t i = 0;
  while (logits[i] != value) ++i;
  return i;
}

namespace {

// Sums into kLanes double accumulators; vectorizes where a single running sum
// (which would need reassociating) cannot.
double lane_sum(const float* values, std::size_t size) noexcept {
  std::array<double, kLanes> lanes{};
  const std::size_t whole = size - size % kLanes;
  for (std::size_t i = 0; i < whole; i += kLanes) {
    for (std::size_t j = 0; j < kLanes; ++j) lanes[j] += values[i + j];
  }
  double sum = 0.0;
  for (const double lane : lanes) sum += lane;
  for (std::size_t i = whole; i < size; ++i) sum += values[i];
  return sum;
}

}  // namespace

double exp_shifted(std::span<const float> logits, float max, std::span<float> out) noexcept {
  for (std::size_t i = 0; i < logits.size(); ++i) out[i] = exp_nonpositive(logits[i] - max);
  return lane_sum(out.data(), out.size());
}

double mass_at_or_above(std::span<const float> logits, std::span<const float> exps,
                        float threshold) noexcept {
  double mass = 0.0;
  constexpr std::size_t kBlock = 1024;
  std::array<float, kBlock> kept;
  for (std::size_t start = 0; start < logits.size(); start += kBlock) {
    const std::size_t size = std::min(kBlock, logits.size() - start);
    for (std::size_t i = 0; i < size; ++i) {
      kept[i] = logits[start + i] >= threshold ? exps[start + i] : 0.0f;
    }
    mass += lane_sum(kept.data(), size);
  }
  return mass;
}

}  // namespace hearth::sampling::detail
