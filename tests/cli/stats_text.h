// Reading the figures `--stats` prints ("hearth: prompt 19 tokens (0 cached)
// ...", "hearth: generated 4 tokens ...").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth::testing {

// The whole number right after each occurrence of `label`, in order;
// occurrences not followed by a digit are skipped.
std::vector<long> numbers_after(std::string_view text, std::string_view label);

}  // namespace hearth::testing
