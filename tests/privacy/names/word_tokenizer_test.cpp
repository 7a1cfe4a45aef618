// The tagger's tokenizer: byte offsets, UTF-8 letters, the joiners kept
// inside words, and inputs that are not text at all.
#include "word_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hearth::privacy::names {
namespace {

std::vector<std::string> texts(std::string_view text) {
  std::vector<std::string> out;
  for (const WordToken& token : tokenize_words(text)) {
    out.emplace_back(text.substr(token.begin, token.size()));
  }
  return out;
}

TEST(WordTokenizer, SplitsWordsAndPunctuationWithByteOffsets) {
  const std::string text = "Hi Dana, call me.";
  const auto tokens = tokenize_words(text);
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[1].begin, 3u);
  EXPECT_EQ(tokens[1].end, 7u);
  EXPECT_EQ(tokens[2].kind, TokenKind::punctuation);
  EXPECT_TRUE(tokens[1].starts_upper);
  EXPECT_TRUE(tokens[1].space_before);
  EXPECT_FALSE(tokens[2].space_before);
  EXPECT_EQ(texts(text), (std::vector<std::string>{"Hi", "Dana", ",", "call", "me", "."}));
}

TEST(WordTokenizer, KeepsAccentedLettersInsideWords) {
  EXPECT_EQ(texts("José Müller, Zoë and Ørsted"),
            (std::vector<std::string>{"José", "Müller", ",", "Zoë", "and", "Ørsted"}));
  const std::string text = "Ørsted";
  const auto tokens = tokenize_words(text);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_TRUE(tokens[0].starts_upper);
  EXPECT_TRUE(tokens[0].has_lower);
  EXPECT_EQ(tokens[0].end, text.size());
}

TEST(WordTokenizer, CombiningMarksStayInTheWord) {
  EXPECT_EQ(texts("Zoe\xCC\x88 Lee"), (std::vector<std::string>{"Zoe\xCC\x88", "Lee"}));
}

TEST(WordTokenizer, PossessiveSplitsButApostropheNamesDoNot) {
  EXPECT_EQ(texts("Dana's O'Brien don't"),
            (std::vector<std::string>{"Dana", "'", "s", "O'Brien", "don't"}));
  EXPECT_EQ(texts("Dana\u2019s"), (std::vector<std::string>{"Dana", "\u2019", "s"}));
}

TEST(WordTokenizer, HyphenatedNamesAndAcronymsAreOneToken) {
  EXPECT_EQ(texts("Jean-Luc of Acme S.A. in the U.S."),
            (std::vector<std::string>{"Jean-Luc", "of", "Acme", "S.A.", "in", "the", "U.S."}));
  EXPECT_EQ(texts("J. R. Ortiz"), (std::vector<std::string>{"J", ".", "R", ".", "Ortiz"}));
  EXPECT_EQ(texts("example.com"), (std::vector<std::string>{"example", ".", "com"}));
}

TEST(WordTokenizer, NumbersKeepSeparatorsAndSuffixes) {
  const std::string text = "1,450.50 3B 5th v2";
  const auto tokens = tokenize_words(text);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(texts(text), (std::vector<std::string>{"1,450.50", "3B", "5th", "v2"}));
  EXPECT_EQ(tokens[0].kind, TokenKind::number);
  EXPECT_EQ(tokens[1].kind, TokenKind::number);
  EXPECT_EQ(tokens[2].kind, TokenKind::number);
  EXPECT_EQ(tokens[3].kind, TokenKind::word);
}

TEST(WordTokenizer, InvalidBytesBecomeOneByteTokens) {
  const std::string text = "Ana\xff\xfeLee \xc3";
  const auto tokens = tokenize_words(text);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(texts(text)[0], "Ana");
  EXPECT_EQ(tokens[1].kind, TokenKind::other);
  EXPECT_EQ(tokens[1].size(), 1u);
  EXPECT_EQ(tokens[3].begin, 5u);
  EXPECT_EQ(tokens[4].kind, TokenKind::other);
  EXPECT_EQ(tokens[4].end, text.size());
}

TEST(WordTokenizer, NulSeparatesWords) {
  const std::string text("Ana\0Lee", 7);
  EXPECT_EQ(texts(text), (std::vector<std::string>{"Ana", "Lee"}));
}

TEST(WordTokenizer, TokensNeverOverlapAndStayInBounds) {
  std::string text;
  for (int i = 0; i < 4096; ++i) text.push_back(static_cast<char>((i * 7919) % 256));
  std::size_t previous_end = 0;
  for (const WordToken& token : tokenize_words(text)) {
    EXPECT_GE(token.begin, previous_end);
    EXPECT_LT(token.begin, token.end);
    EXPECT_LE(token.end, text.size());
    previous_end = token.end;
  }
}

TEST(WordTokenizer, AVeryLongWordIsOneToken) {
  const std::string text = "x " + std::string(1 << 20, 'a') + " y";
  const auto tokens = tokenize_words(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].size(), std::size_t{1} << 20);
}

TEST(WordTokenizer, LowercasesUnicodeLetters) {
  std::string out;
  lowercase_token("ÉLODIE Ørsted", out);
  EXPECT_EQ(out, "élodie ørsted");
  lowercase_token("A\xff", out);
  EXPECT_EQ(out, "a\xff");
}

TEST(Segments, BreakAtLinesAndBoundLongLines) {
  const std::string text = "Dear Ana,\nThanks.";
  const auto tokens = tokenize_words(text);
  const auto segments = split_segments(text, tokens);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0].last, 3u);
  EXPECT_EQ(segments[1].first, 3u);

  std::string long_line;
  for (int i = 0; i < 1000; ++i) long_line += "word word word. ";
  const auto long_tokens = tokenize_words(long_line);
  std::size_t covered = 0;
  for (const Segment& segment : split_segments(long_line, long_tokens)) {
    EXPECT_EQ(segment.first, covered);
    EXPECT_LE(segment.last - segment.first, kMaxSegmentTokens);
    covered = segment.last;
  }
  EXPECT_EQ(covered, long_tokens.size());
}

}  // namespace
}  // namespace hearth::privacy::names
