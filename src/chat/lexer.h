// Splits a Jinja template into tokens the way jinja2's lexer does under
// Hugging Face's settings (trim_blocks and lstrip_blocks on).
//
// Whitespace control is settled here, so the parser never sees it:
// - newlines are normalized to "\n" and one trailing newline is dropped;
// - "{%-", "{{-", "{#-" strip all whitespace before the tag, "-%}", "-}}",
//   "-#}" all whitespace after it;
// - lstrip_blocks: whitespace from the start of a line up to "{%" or "{#"
//   is dropped unless the tag opens with "+";
// - trim_blocks: the first newline after "%}" or "#}" is dropped unless the
//   tag closes with "+%}";
// - comments vanish; {% raw %}...{% endraw %} becomes text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "value.h"

namespace hearth::chat::jinja {

enum class TokenKind {
  text,
  variable_begin,  // {{
  variable_end,    // }}
  block_begin,     // {%
  block_end,       // %}
  name,
  string,
  integer,
  floating,
  symbol,  // an operator or punctuation: + ** ( . | ...
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  // The text, the name, the operator, or the string literal's value.
  std::string text;
  // The value of a string, integer or float literal.
  Value literal;
  int line = 1;
};

// Ends with a TokenKind::end token. Throws Error(invalid_data) "template line
// N: ..." for an unterminated tag, comment, string or bracket, or a character
// that starts no token.
std::vector<Token> tokenize(std::string_view source);

}  // namespace hearth::chat::jinja
