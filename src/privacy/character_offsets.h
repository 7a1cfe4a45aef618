// Byte offsets to character offsets, for findings reported to callers that
// count in code points (JavaScript, Python).
#pragma once

#include <cstddef>
#include <string_view>

namespace hearth::privacy {

// Walks a text forward once, answering "how many characters precede this
// byte offset" for offsets given in increasing order. A valid UTF-8 sequence
// is one character; each byte of an invalid one is a character of its own.
class CharacterCounter {
 public:
  explicit CharacterCounter(std::string_view text) : text_(text) {}

  // offset must be ≤ text.size() and not less than the previous call's. An
  // offset inside a multi-byte character counts that character as preceding.
  std::size_t characters_before(std::size_t offset) noexcept;

 private:
  std::string_view text_;
  std::size_t byte_ = 0;
  std::size_t characters_ = 0;
};

}  // namespace hearth::privacy
