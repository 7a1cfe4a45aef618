// Splits text into the words, numbers and punctuation marks the name tagger
// sees, each with its byte span and the casing facts the features need.
// Every byte of the input lands in exactly one token or in the whitespace
// between tokens; invalid UTF-8 bytes become one-byte "other" tokens, so any
// input is accepted and the work is linear in its length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::privacy::names {

enum class TokenKind : std::uint8_t {
  word,         // letters, possibly with digits, marks, inner hyphens/apostrophes
  number,       // digits, possibly with inner '.', ',' and letters ("3B")
  punctuation,  // one punctuation or symbol character
  other,        // one invalid UTF-8 byte or control character
};

struct WordToken {
  std::size_t begin = 0;  // byte offsets into the text, half-open
  std::size_t end = 0;
  TokenKind kind = TokenKind::other;
  bool starts_upper = false;  // first letter is upper or title case
  bool has_lower = false;     // any lower-case letter
  bool has_upper = false;     // any upper-case letter
  bool has_digit = false;
  bool newline_before = false;  // a line break between this token and the previous one
  bool space_before = false;    // any whitespace between this token and the previous one

  std::size_t size() const { return end - begin; }
  bool all_upper() const { return has_upper && !has_lower; }
};

std::vector<WordToken> tokenize_words(std::string_view text);

// The token's text in lower case (Unicode simple case folding of letters;
// invalid bytes copied as they are). Writes into out to reuse its buffer.
void lowercase_token(std::string_view token, std::string& out);

// Half-open token index ranges the tagger decodes one at a time: a new range
// starts at each line break, and a range never exceeds kMaxSegmentTokens
// (long lines are cut after sentence punctuation where possible) so the
// tagger's memory stays bounded on megabyte lines. Training and inference
// use the same segmentation, so the context features agree.
inline constexpr std::size_t kMaxSegmentTokens = 200;
struct Segment {
  std::size_t first = 0;
  std::size_t last = 0;
};
std::vector<Segment> split_segments(std::string_view text, const std::vector<WordToken>& tokens);

}  // namespace hearth::privacy::names
