// The expected pieces are worked out by hand from the regexes in
// llama-vocab.cpp (quoted in pre_tokenizer_families.cpp), following
// ECMAScript's rules: alternatives in order, greedy runs that back off.
#include "pre_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::tokenizer::detail {
namespace {

using Pieces = std::vector<std::string>;

Pieces split(std::string_view family, std::string_view text) {
  const PreTokenizer pre_tokenizer(family);
  PreTokenizerScratch scratch;
  Pieces pieces;
  std::size_t begin = 0;
  for (const std::uint32_t end : pre_tokenizer.split(text, scratch)) {
    pieces.emplace_back(text.substr(begin, end - begin));
    begin = end;
  }
  return pieces;
}

TEST(PreTokenizer, Gpt2SplitsWordsWithTheirLeadingSpace) {
  EXPECT_EQ(split("gpt-2", "Hello world"), (Pieces{"Hello", " world"}));
  EXPECT_EQ(split("gpt-2", "Hello!!! world"), (Pieces{"Hello", "!!!", " world"}));
  EXPECT_EQ(split("gpt-2", "abc123 4567"), (Pieces{"abc", "123", " 4567"}));
  EXPECT_EQ(split("gpt-2", ""), Pieces{});
}

TEST(PreTokenizer, Gpt2ContractionsAreLowercaseOnly) {
  EXPECT_EQ(split("gpt-2", "I'm they're we'll"), (Pieces{"I", "'m", " they", "'re", " we", "'ll"}));
  EXPECT_EQ(split("gpt-2", "THEY'RE"), (Pieces{"THEY", "'", "RE"}));
  EXPECT_EQ(split("gpt-2", "' era"), (Pieces{"'", " era"}));
}

TEST(PreTokenizer, Gpt2LeavesTheLastSpaceOfARunToTheNextWord) {
  EXPECT_EQ(split("gpt-2", "   Hello"), (Pieces{"  ", " Hello"}));
  // \s+(?!\S) backs off one character; a lone newline before a letter is
  // matched by nothing and becomes a piece of its own.
  EXPECT_EQ(split("gpt-2", "a  \n\nb"), (Pieces{"a", "  \n", "\n", "b"}));
  EXPECT_EQ(split("gpt-2", "a \t "), (Pieces{"a", " \t "}));
  // Only U+0020 is the optional space in front of a word.
  EXPECT_EQ(split("gpt-2", "a\u00A0b"), (Pieces{"a", "\u00A0", "b"}));
}

TEST(PreTokenizer, Gpt2KeepsSymbolsAndEmojiTogether) {
  EXPECT_EQ(split("gpt-2", " this is \U0001F999.cpp"),
            (Pieces{" this", " is", " \U0001F999.", "cpp"}));
  EXPECT_EQ(split("gpt-2", "e\u0301t\u00E9"), (Pieces{"e", "\u0301", "t\u00E9"}));
}

TEST(PreTokenizer, Llama3ContractionsIgnoreCase) {
  EXPECT_EQ(split("llama-bpe", "I'M you'Re"), (Pieces{"I", "'M", " you", "'Re"}));
  EXPECT_EQ(split("llama-bpe", "don't"), (Pieces{"don", "'t"}));
}

TEST(PreTokenizer, Llama3TakesOnePunctuationCharacterBeforeAWord) {
  EXPECT_EQ(split("llama-bpe", ".Hello, world"), (Pieces{".Hello", ",", " world"}));
  EXPECT_EQ(split("llama-bpe", "\U0001F999cpp"), (Pieces{"\U0001F999cpp"}));
  EXPECT_EQ(split("llama-bpe", "!!!\n\nabc"), (Pieces{"!!!\n\n", "abc"}));
}

TEST(PreTokenizer, Llama3GroupsDigitsByThree) {
  EXPECT_EQ(split("llama-bpe", "1234567"), (Pieces{"123", "456", "7"}));
  EXPECT_EQ(split("llama-bpe", "x 12\u0663"), (Pieces{"x", " ", "12\u0663"}));
}

TEST(PreTokenizer, Llama3EndsWhitespaceAtTheLastNewline) {
  EXPECT_EQ(split("llama-bpe", "a  \n\n  x"), (Pieces{"a", "  \n\n", " ", " x"}));
  EXPECT_EQ(split("llama-bpe", "\n\n\n"), (Pieces{"\n\n\n"}));
  EXPECT_EQ(split("llama-bpe", "\t\n"), (Pieces{"\t\n"}));
  EXPECT_EQ(split("llama-bpe", "x   "), (Pieces{"x", "   "}));
  // Non-ASCII whitespace behaves as \s, and as the one character before a
  // word.
  EXPECT_EQ(split("llama-bpe", "a\u3000\u3000b"), (Pieces{"a", "\u3000", "\u3000b"}));
}

TEST(PreTokenizer, Llama3KeepsCjkAndMarksApart) {
  EXPECT_EQ(split("llama-bpe", "\u6211\u60F3apple\u5DE5\u4F5C1314"),
            (Pieces{"\u6211\u60F3apple\u5DE5\u4F5C", "131", "4"}));
  EXPECT_EQ(split("llama-bpe", "e\u0301"), (Pieces{"e", "\u0301"}));
}

TEST(PreTokenizer, Qwen2SplitsEveryDigit) {
  EXPECT_EQ(split("qwen2", "x1234"), (Pieces{"x", "1", "2", "3", "4"}));
  EXPECT_EQ(split("qwen2", "Hello, y'ALL!"), (Pieces{"Hello", ",", " y", "'ALL", "!"}));
  EXPECT_EQ(split("qwen2", "it'S"), (Pieces{"it", "'S"}));
}

TEST(PreTokenizer, StarCoderSplitsDigitsBeforeGpt2) {
  EXPECT_EQ(split("starcoder", "abc 123"), (Pieces{"abc", " ", "1", "2", "3"}));
}

TEST(PreTokenizer, FalconCutsPunctuationThenWordsThenDigitTriples) {
  // Pass 1 cuts out "!!" and "$", pass 2 splits the rest gpt-2 style, pass 3
  // finds three ASCII digits in " 12345", leaving the text around them.
  EXPECT_EQ(split("falcon", "hi!! $ 12345"), (Pieces{"hi", "!!", " ", "$", " ", "123", "45"}));
}

TEST(PreTokenizer, DefaultIsUsedWhenThePreTokenizerIsAbsent) {
  EXPECT_EQ(split("", "a+b 1234"), split("default", "a+b 1234"));
  EXPECT_EQ(split("", "a+b 1234"), (Pieces{"a", "+", "b", " ", "123", "4"}));
}

TEST(PreTokenizer, DeepSeekLlmRunsSixPasses) {
  EXPECT_EQ(split("deepseek-llm", "Hello \u4E16\u754C123\n"),
            (Pieces{"Hello", " ", "\u4E16\u754C", "123", "\n"}));
  // Pass 5's range ࠀ-一 takes "、。" but not the ideographic space, which
  // llama.cpp has turned into U+000B before any regex sees it.
  EXPECT_EQ(split("deepseek-llm", "a\u3000\u3001\u3002"), (Pieces{"a", "\u3000", "\u3001\u3002"}));
  EXPECT_EQ(split("deepseek-llm", "x  "), (Pieces{"x", "  "}));
}

TEST(PreTokenizer, DeepSeekCoderKeepsLettersWithOneSpace) {
  // '=' is a symbol, not \p{P}: nothing but the digit pass cuts " = 42".
  EXPECT_EQ(split("deepseek-coder", "int x = 42;\n"),
            (Pieces{"int", " x", " = ", "4", "2", ";", "\n"}));
}

TEST(PreTokenizer, DeepSeekV3SeparatesHanAndKana) {
  EXPECT_EQ(split("deepseek-v3", "\u65E5\u672C\u3072\u3089\u304C\u306A 12345"),
            (Pieces{"\u65E5\u672C\u3072\u3089\u304C\u306A", " ", "123", "45"}));
  EXPECT_EQ(split("deepseek-v3", "foo.bar"), (Pieces{"foo", ".bar"}));
}

TEST(PreTokenizer, TekkenSplitsCamelCase) {
  EXPECT_EQ(split("tekken", "HelloWorld HTTPServer ABC"),
            (Pieces{"Hello", "World", " HTTPServer", " ABC"}));
  EXPECT_EQ(split("tekken", "path/to\n/x"), (Pieces{"path", "/to", "\n", "/x"}));
}

TEST(PreTokenizer, Gpt4oKeepsContractionsOnTheirWord) {
  EXPECT_EQ(split("gpt-4o", "I'm THEY'RE 12345"), (Pieces{"I'm", " THEY'RE", " ", "123", "45"}));
}

TEST(PreTokenizer, PoroStopsAtItsListedCharacters) {
  EXPECT_EQ(split("bloom", "hello, world(x)"), (Pieces{"hello", ",", " world", "(", "x", ")"}));
}

TEST(PreTokenizer, UnknownNamesAreRefused) {
  try {
    PreTokenizer pre_tokenizer("no-such-family");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unsupported);
    EXPECT_NE(error.message().find("no-such-family"), std::string::npos);
  }
  EXPECT_THROW(PreTokenizer("chameleon"), Error);
}

TEST(PreTokenizer, EveryFamilyCompilesAndCoversItsInput) {
  const std::string text =
      "Hello, y'all! How are you \U0001F601 ?\u6211\u60F3\u5728apple\u5DE5\u4F5C1314151\u5929"
      "\uFF5E\n\n\t  e\u0301 \u00A0 x\u3000  ";
  for (const PreTokenizerFamily& family : pre_tokenizer_families()) {
    for (std::string_view name : family.names) {
      const PreTokenizer pre_tokenizer(name);
      PreTokenizerScratch scratch;
      const auto ends = pre_tokenizer.split(text, scratch);
      ASSERT_FALSE(ends.empty()) << name;
      EXPECT_EQ(ends.back(), text.size()) << name;
      for (std::size_t i = 1; i < ends.size(); ++i) EXPECT_LT(ends[i - 1], ends[i]) << name;
    }
  }
}

TEST(PreTokenizer, LongRunsStayLinear) {
  // A run this long would take minutes if each position rescanned it.
  const std::string spaces(200000, ' ');
  EXPECT_EQ(split("deepseek-llm", spaces + "x").size(), 2u);
  EXPECT_EQ(split("llama-bpe", spaces + "x"), (Pieces{std::string(199999, ' '), " x"}));
}

}  // namespace
}  // namespace hearth::tokenizer::detail
