// The random numbers behind synthetic weights: our own generator and normal
// sampler, so that a seed gives the same model with any compiler or standard
// library (std::normal_distribution is implementation-defined).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace hearth::model {

// One step of splitmix64: a good 64-bit mix of `value`.
std::uint64_t mix64(std::uint64_t value) noexcept;

// A seed for a sub-stream, derived from a parent seed and a stream number.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) noexcept;

// FNV-1a of `text`; stable across runs and platforms.
std::uint64_t stable_hash(std::string_view text) noexcept;

// xoshiro256** with normal deviates by Marsaglia's polar method.
class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed) noexcept;

  std::uint64_t next() noexcept;
  // Uniform in [0, 1) with 53 random bits.
  double uniform() noexcept;
  // Standard normal.
  double normal() noexcept;

 private:
  std::array<std::uint64_t, 4> state_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

}  // namespace hearth::model
