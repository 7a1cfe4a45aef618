// The lexer settles whitespace control and line numbers.
#include "lexer.h"

#include <gtest/gtest.h>

#include "hearth/util/error.h"

namespace hearth::chat::jinja {
namespace {

std::vector<std::string> texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::text) out.push_back(token.text);
  }
  return out;
}

TEST(Lexer, SplitsTextAndTags) {
  const std::vector<Token> tokens = tokenize("a {{ x.y | f(1, 'two') }} b");
  ASSERT_EQ(tokens.size(), 15u);
  EXPECT_EQ(tokens[0].kind, TokenKind::text);
  EXPECT_EQ(tokens[1].kind, TokenKind::variable_begin);
  EXPECT_EQ(tokens[2].text, "x");
  EXPECT_EQ(tokens[3].text, ".");
  EXPECT_EQ(tokens[7].text, "(");
  EXPECT_EQ(tokens[8].kind, TokenKind::integer);
  EXPECT_EQ(tokens[8].literal.as_integer(), 1);
  EXPECT_EQ(tokens[10].kind, TokenKind::string);
  EXPECT_EQ(tokens[10].literal.as_string(), "two");
  EXPECT_EQ(tokens[12].kind, TokenKind::variable_end);
  EXPECT_EQ(tokens[13].text, " b");
  EXPECT_EQ(tokens[14].kind, TokenKind::end);
}

TEST(Lexer, AppliesWhitespaceControl) {
  EXPECT_EQ(texts(tokenize("a\n  {% if x %}\n  b\n  {%- endif %}\nc")),
            (std::vector<std::string>{"a\n", "  b", "c"}));
  EXPECT_EQ(texts(tokenize("a  {{- x -}}  \n b")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(texts(tokenize("a\n  {#- note -#}\n  b")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(texts(tokenize("  {%+ if x +%}\nb")), (std::vector<std::string>{"  ", "\nb"}));
  EXPECT_EQ(texts(tokenize("{% raw %}{{ kept }}{% endraw %}")),
            (std::vector<std::string>{"{{ kept }}"}));
  EXPECT_EQ(texts(tokenize("a\r\nb\r\n")), (std::vector<std::string>{"a\nb"}));
}

TEST(Lexer, ReadsLiteralsAsPythonDoes) {
  const std::vector<Token> tokens =
      tokenize("{{ 1_000 0x1F 0o17 0b11 1.5e3 .5 'a\\tb\\u00e9\\x41\\101\\q' }}");
  EXPECT_EQ(tokens[1].literal.as_integer(), 1000);
  EXPECT_EQ(tokens[2].literal.as_integer(), 31);
  EXPECT_EQ(tokens[3].literal.as_integer(), 15);
  EXPECT_EQ(tokens[4].literal.as_integer(), 3);
  EXPECT_EQ(tokens[5].literal.as_floating(), 1500.0);
  EXPECT_EQ(tokens[6].text, ".");  // a float needs a leading digit
  EXPECT_EQ(tokens[8].literal.as_string(), "a\tb\u00e9AA\\q");
}

TEST(Lexer, NumbersLinesFromOne) {
  const std::vector<Token> tokens = tokenize("one\ntwo {{ x\n }}\n{% if y %}");
  EXPECT_EQ(tokens[0].line, 1);
  EXPECT_EQ(tokens[1].line, 2);  // {{
  EXPECT_EQ(tokens[3].line, 3);  // }}
  EXPECT_EQ(tokens[5].line, 4);  // {%
}

TEST(Lexer, RejectsUnterminatedTags) {
  for (const char* source :
       {"{{ x", "{% if", "{# note", "{% raw %}x", "{{ 'x }}", "{{ (x ]}}", "{{ ) }}", "{{ $ }}"}) {
    EXPECT_THROW(tokenize(source), Error) << source;
  }
}

}  // namespace
}  // namespace hearth::chat::jinja
