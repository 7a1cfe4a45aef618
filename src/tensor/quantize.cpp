#include "hearth/tensor/quantize.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "codecs.h"
#include "hearth/util/error.h"

namespace hearth::tensor {
namespace {

using QuantizeRow = void (*)(detail::FloatSource, detail::ByteDestination);
using DequantizeRow = void (*)(detail::ByteSource, detail::FloatDestination);

struct Codec {
  TensorType type;
  QuantizeRow quantize;  // nullptr: hearth reads this type but does not write it
  DequantizeRow dequantize;
};

constexpr std::array kCodecs{
    Codec{TensorType::f32, detail::quantize_f32, detail::dequantize_f32},
    Codec{TensorType::f16, detail::quantize_f16, detail::dequantize_f16},
    Codec{TensorType::bf16, detail::quantize_bf16, detail::dequantize_bf16},
    Codec{TensorType::q4_0, detail::quantize_q4_0, detail::dequantize_q4_0},
    Codec{TensorType::q4_1, detail::quantize_q4_1, detail::dequantize_q4_1},
    Codec{TensorType::q5_0, detail::quantize_q5_0, detail::dequantize_q5_0},
    Codec{TensorType::q5_1, detail::quantize_q5_1, detail::dequantize_q5_1},
    Codec{TensorType::q8_0, detail::quantize_q8_0, detail::dequantize_q8_0},
    Codec{TensorType::q2_k, nullptr, detail::dequantize_q2_k},
    Codec{TensorType::q3_k, nullptr, detail::dequantize_q3_k},
    Codec{TensorType::q4_k, detail::quantize_q4_k, detail::dequantize_q4_k},
    Codec{TensorType::q5_k, detail::quantize_q5_k, detail::dequantize_q5_k},
    Codec{TensorType::q6_k, detail::quantize_q6_k, detail::dequantize_q6_k},
    Codec{TensorType::q8_k, nullptr, detail::dequantize_q8_k},
};

const Codec* find_codec(TensorType type) {
  const auto* codec = std::find_if(kCodecs.begin(), kCodecs.end(), [type](const Codec& candidate) {
    return candidate.type == type;
  });
  return codec == kCodecs.end() ? nullptr : codec;
}

// Callers may hold a TensorType cast from an unchecked id; naming it must not
// assume it is valid.
std::string describe(TensorType type) {
  if (const TypeTraits* traits = find_type_traits(static_cast<std::uint32_t>(type))) {
    return std::string(traits->name);
  }
  return fmt::format("type id {}", static_cast<std::uint32_t>(type));
}

}  // namespace

bool can_quantize(TensorType type) noexcept {
  const Codec* codec = find_codec(type);
  return codec != nullptr && codec->quantize != nullptr;
}

bool can_dequantize(TensorType type) noexcept {
  return find_codec(type) != nullptr;
}

void quantize(TensorType type, std::span<const float> source, std::span<std::byte> destination) {
  const Codec* codec = find_codec(type);
  if (codec == nullptr || codec->quantize == nullptr) {
    raise(ErrorKind::unsupported, "hearth cannot quantize to {}", describe(type));
  }
  const TypeTraits& traits = type_traits(type);
  const std::optional<std::uint64_t> expected_bytes = bytes_for_elements(type, source.size());
  if (!expected_bytes) {
    raise(ErrorKind::invalid_argument, "{} values are not a whole number of {} blocks of {}",
          source.size(), traits.name, traits.block_size);
  }
  if (destination.size() != *expected_bytes) {
    raise(ErrorKind::invalid_argument, "{} values of {} need {} bytes, destination has {}",
          source.size(), traits.name, *expected_bytes, destination.size());
  }
  // ggml's integer quantizers turn NaN and infinity into garbage levels (and
  // undefined behaviour in C); a float type stores them faithfully.
  if (traits.quantized) {
    const auto bad = std::find_if(source.begin(), source.end(),
                                  [](float value) { return !std::isfinite(value); });
    if (bad != source.end()) {
      raise(ErrorKind::invalid_argument, "value {} at index {} cannot be quantized to {}", *bad,
            bad - source.begin(), traits.name);
    }
  }
  codec->quantize(source, destination);
}

void dequantize(TensorType type, std::span<const std::byte> source, std::span<float> destination) {
  const Codec* codec = find_codec(type);
  if (codec == nullptr) {
    raise(ErrorKind::unsupported, "hearth cannot dequantize {}", describe(type));
  }
  const TypeTraits& traits = type_traits(type);
  const std::optional<std::uint64_t> expected_bytes = bytes_for_elements(type, destination.size());
  if (!expected_bytes) {
    raise(ErrorKind::invalid_argument, "{} values are not a whole number of {} blocks of {}",
          destination.size(), traits.name, traits.block_size);
  }
  if (source.size() != *expected_bytes) {
    raise(ErrorKind::invalid_argument, "{} values of {} take {} bytes, source has {}",
          destination.size(), traits.name, *expected_bytes, source.size());
  }
  codec->dequantize(source, destination);
}

}  // namespace hearth::tensor
