// The one way validators build a Detection, so every confidence that leaves
// the structured pass is clamped to 0..1.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "../detection.h"

namespace hearth::privacy::structured {

inline Detection detected(EntityType type, std::size_t begin, std::size_t end, float confidence,
                          std::string_view recognizer, std::string normalized = {}) {
  return Detection{
      type, begin, end, std::clamp(confidence, 0.0f, 1.0f), recognizer, std::move(normalized)};
}

}  // namespace hearth::privacy::structured
