// Inputs and error measures shared by the tensor tests.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <vector>

namespace hearth::tensor::testing {

// Normally distributed values with the given standard deviation. Box-Muller
// over mt19937_64 (whose sequence the standard fixes) rather than
// std::normal_distribution (whose algorithm it does not).
inline std::vector<float> gaussian_signal(std::size_t count, std::uint64_t seed,
                                          double standard_deviation = 1.0) {
  std::mt19937_64 generator(seed);
  const auto uniform = [&generator] {
    return (static_cast<double>(generator() >> 11) + 0.5) * 0x1p-53;  // in (0, 1)
  };
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double radius = std::sqrt(-2.0 * std::log(uniform()));
    values[i] = static_cast<float>(standard_deviation * radius *
                                   std::cos(2.0 * std::numbers::pi * uniform()));
  }
  return values;
}

// Values that are exact in float and computed with integer arithmetic only,
// so every platform quantizes the very same bits. Each is a sum of four
// uniform integers from an LCG (bell-shaped), scaled by a power of two that
// changes from one 32-value group to the next, with an outlier every 37th
// value. Some groups take other shapes that steer the k-quant searches down
// other paths: all positive (every 5th), mostly zero (every 7th), all zero
// (group 9) and constant (group 20).
inline std::vector<float> exact_signal(std::size_t count) {
  std::uint64_t state = 0x853c'49e6'748f'ea9bu;
  const auto next = [&state] {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::int64_t>(state >> 54);  // 0..1023
  };
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::int64_t sum = next() + next() + next() + next() - 2046;
    const std::size_t group = i / 32;
    if (group % 5 == 4) sum += 2100;
    if (group % 7 == 6 && i % 5 != 0) sum = 0;
    const int exponent = static_cast<int>(group % 9) - 14;
    const double outlier = i % 37 == 0 ? 16.0 : 1.0;
    if (group == 9) {
      values[i] = 0.0f;
    } else if (group == 20) {
      values[i] = 0.75f;
    } else {
      values[i] = static_cast<float>(std::ldexp(static_cast<double>(sum) * outlier, exponent));
    }
  }
  return values;
}

// Root mean square of the difference, accumulated in double.
inline double rms_error(std::span<const float> expected, std::span<const float> actual) {
  double sum = 0.0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double difference = static_cast<double>(expected[i]) - static_cast<double>(actual[i]);
    sum += difference * difference;
  }
  return std::sqrt(sum / static_cast<double>(expected.size()));
}

inline double rms(std::span<const float> values) {
  double sum = 0.0;
  for (const float value : values) sum += static_cast<double>(value) * value;
  return std::sqrt(sum / static_cast<double>(values.size()));
}

}  // namespace hearth::tensor::testing
