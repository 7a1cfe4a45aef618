// Helpers shared by the structured recognizer tests: one recognizer for the
// whole binary (compiling the database takes a moment) and lookups of what
// it found.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "structured_recognizer.h"

namespace hearth::privacy::test {

const StructuredRecognizer& shared_recognizer();

Detections find_all(std::string_view text);

// The detections of one type, as the text they cover.
std::vector<std::string> found_texts(std::string_view text, EntityType type);

// The detection of `type` covering exactly `value` (its first occurrence in
// text), if any.
std::optional<Detection> detection_of(std::string_view text, EntityType type,
                                      std::string_view value);

// Reported at or above the scanner's default threshold.
bool reported(std::string_view text, EntityType type, std::string_view value);

}  // namespace hearth::privacy::test
