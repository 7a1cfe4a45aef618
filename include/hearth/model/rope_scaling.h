// Llama 3's "llama3" RoPE frequency scaling.
//
// Llama 3.1/3.2 stretch the low frequencies of RoPE to reach long contexts.
// GGUF files do not describe it in metadata: llama.cpp's converter bakes it
// into a rope_freqs tensor of one divisor per rotated pair of dimensions, and
// the runtime divides each rotation frequency by its divisor. This computes
// that tensor from the numbers in a checkpoint's config.json (rope_scaling).
#pragma once

#include <cstdint>
#include <vector>

namespace hearth::model {

struct Llama3RopeScaling {
  float factor = 32.0f;
  float low_freq_factor = 1.0f;
  float high_freq_factor = 4.0f;
  std::uint32_t original_context_length = 8192;
};

// rope_dimension_count / 2 divisors: 1 for wavelengths shorter than
// original_context_length / high_freq_factor, `factor` for those longer than
// original_context_length / low_freq_factor, and a smooth blend between.
std::vector<float> llama3_rope_frequency_factors(const Llama3RopeScaling& scaling,
                                                 std::uint32_t rope_dimension_count,
                                                 float freq_base);

}  // namespace hearth::model
