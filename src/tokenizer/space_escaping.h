// SentencePiece's way of writing spaces: as U+2581 LOWER ONE EIGHTH BLOCK,
// which llama.cpp's WordPiece vocabularies also use to mark word starts.
#pragma once

#include <string>
#include <string_view>

namespace hearth::tokenizer::detail {

inline constexpr std::string_view kEscapedSpace = "\xE2\x96\x81";

// `text` with every ' ' written as U+2581, after one more U+2581 in front
// when `prefix_space`.
std::string escape_spaces(std::string_view text, bool prefix_space);

// `text` with every U+2581 written as ' '.
std::string unescape_spaces(std::string_view text);

}  // namespace hearth::tokenizer::detail
