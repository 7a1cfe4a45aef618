// Sensitive topics the privacy scan's entities do not cover: health and
// finance content ("my HIV test came back", "our Q3 loan covenants"), found
// by a weighted lexicon of terms so that a policy can keep such requests
// local. Deliberately conservative: one stray word does not make a topic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth::route {

// "health", "finance" — the topics found in text, in that order.
std::vector<std::string> detect_topics(std::string_view text);

}  // namespace hearth::route
