#include "hearth/model/rope_scaling.h"

#include <cmath>
#include <numbers>

namespace hearth::model {

std::vector<float> llama3_rope_frequency_factors(const Llama3RopeScaling& scaling,
                                                 std::uint32_t rope_dimension_count,
                                                 float freq_base) {
  const double old_context = scaling.original_context_length;
  const double low_freq_wavelength = old_context / scaling.low_freq_factor;
  const double high_freq_wavelength = old_context / scaling.high_freq_factor;
  std::vector<float> factors;
  factors.reserve(rope_dimension_count / 2);
  for (std::uint32_t i = 0; i < rope_dimension_count; i += 2) {
    const double frequency = 1.0 / std::pow(static_cast<double>(freq_base),
                                            static_cast<double>(i) / rope_dimension_count);
    const double wavelength = 2.0 * std::numbers::pi / frequency;
    double divisor = 1.0;
    if (wavelength > low_freq_wavelength) {
      divisor = scaling.factor;
    } else if (wavelength >= high_freq_wavelength) {
      const double smooth = (old_context / wavelength - scaling.low_freq_factor) /
                            (scaling.high_freq_factor - scaling.low_freq_factor);
      divisor = 1.0 / ((1.0 - smooth) / scaling.factor + smooth);
    }
    factors.push_back(static_cast<float>(divisor));
  }
  return factors;
}

}  // namespace hearth::model
