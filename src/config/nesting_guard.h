// toml++ builds and tears down nested tables recursively, so a few hundred
// kilobytes of "[a.a.a.a...]" would overflow the stack (its own limit covers
// only nested arrays and inline tables). A quick scan bounds how deep a
// document can nest before toml++ sees it.
#pragma once

#include <cstddef>
#include <string_view>

namespace hearth::config::detail {

// The most parts a dotted key may have.
inline constexpr std::size_t kMaxKeyParts = 16;
// The most arrays and inline tables open at once.
inline constexpr std::size_t kMaxBrackets = 32;

// Throws Error(invalid_data) "SOURCE:LINE:COLUMN: ..." where a dotted key has
// more than kMaxKeyParts parts or more than kMaxBrackets brackets are open.
// Quoted strings and comments are skipped; everything else is left for
// toml++ to judge.
void check_nesting(std::string_view text, std::string_view source);

}  // namespace hearth::config::detail
