// "did you mean `port`?" for a misspelt key or name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth::config::detail {

// "; did you mean `X`?" when one of the candidates is within a typo of
// `name` (edit distance, letter case ignored, at most a third of the
// length); otherwise empty.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace hearth::config::detail
