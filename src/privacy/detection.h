// What a recognizer reports to the scanner: a typed byte span with a
// confidence. The scanner turns detections into public Findings (character
// offsets, matched text) after resolving overlaps and applying the lists.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/privacy/entity.h"

namespace hearth::privacy {

struct Detection {
  EntityType type = EntityType::person;
  std::size_t begin = 0;  // byte offsets into the scanned text, half-open
  std::size_t end = 0;
  float confidence = 0;         // 0..1
  std::string_view recognizer;  // static storage, e.g. "credit_card"
  std::string normalized;       // see Finding::normalized; may be empty
};

using Detections = std::vector<Detection>;

}  // namespace hearth::privacy
