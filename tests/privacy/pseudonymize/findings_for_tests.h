// Findings built by hand for the tests, the way Scanner::scan reports them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hearth/privacy/entity.h"

namespace hearth::privacy::testing {

// The finding of `needle` at its first occurrence in text at or after `from`.
inline Finding finding_of(std::string_view text, std::string_view needle, EntityType type,
                          std::string normalized = {}, std::size_t from = 0) {
  Finding finding;
  finding.type = type;
  finding.byte_begin = text.find(needle, from);
  finding.byte_end = finding.byte_begin + needle.size();
  finding.text = std::string(needle);
  finding.normalized = std::move(normalized);
  finding.confidence = 1;
  finding.recognizer = "test";
  return finding;
}

}  // namespace hearth::privacy::testing
