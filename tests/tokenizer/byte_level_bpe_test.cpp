// The byte-level BPE model against a slow reference that does what
// llama.cpp's llm_tokenizer_bpe_session does, on strings: pieces spelled in
// GPT-2's alphabet, one symbol per code point, the lowest-ranked (then
// leftmost) adjacent pair merged by asking the vocabulary for ranks, symbols
// looked up by text at the end. The model's id-pair merge table and its
// whole-token shortcut are trusted because they agree with it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "byte_to_unicode.h"
#include "hearth/gguf/file.h"
#include "hearth/tokenizer/vocabulary.h"
#include "hearth/util/error.h"
#include "hearth/util/utf8.h"
#include "pre_tokenizer.h"
#include "test_paths.h"
#include "tokenizer_model.h"
#include "vocab_fixtures.h"

namespace hearth::tokenizer::detail {
namespace {

std::vector<TokenId> reference_encode(const Vocabulary& vocabulary, std::string_view text) {
  const PreTokenizer pre_tokenizer(vocabulary.pre_tokenizer());
  PreTokenizerScratch scratch;
  std::vector<TokenId> ids;
  std::size_t begin = 0;
  for (const std::uint32_t end : pre_tokenizer.split(text, scratch)) {
    std::string spelled;
    std::vector<std::string> symbols;
    for (std::size_t i = begin; i < end; ++i) {
      std::string symbol;
      append_utf8(symbol, byte_to_code_point(static_cast<std::uint8_t>(text[i])));
      spelled += symbol;
      symbols.push_back(symbol);
    }
    begin = end;
    if (pre_tokenizer.ignore_merges() && vocabulary.find(spelled)) {
      symbols = {spelled};
    }
    while (symbols.size() > 1) {
      std::int32_t best_rank = std::numeric_limits<std::int32_t>::max();
      std::size_t best = symbols.size();
      for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
        const auto rank = vocabulary.merge_rank(symbols[i], symbols[i + 1]);
        if (rank && *rank < best_rank) {
          best_rank = *rank;
          best = i;
        }
      }
      if (best == symbols.size()) break;
      symbols[best] += symbols[best + 1];
      symbols.erase(symbols.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    }
    for (const std::string& symbol : symbols) {
      if (const auto id = vocabulary.find(symbol)) {
        ids.push_back(*id);
        continue;
      }
      for (const char byte : symbol) {
        if (const auto id = vocabulary.find(std::string_view(&byte, 1))) ids.push_back(*id);
      }
    }
  }
  return ids;
}

std::vector<TokenId> encode(const TokenizerModel& model, std::string_view text) {
  std::vector<TokenId> ids;
  model.encode(text, true, ids);
  return ids;
}

// Text that exercises every pre-tokenizer rule and the merges: words and
// pieces of words in several scripts, digits, punctuation, emoji, combining
// marks and whitespace runs, glued together at random.
std::vector<std::string> random_texts(std::size_t count) {
  const std::vector<std::string> parts = {"the",
                                          " the",
                                          "The",
                                          " quick",
                                          "brown",
                                          "fox",
                                          "'s",
                                          "'LL",
                                          "don't",
                                          " 3",
                                          "42",
                                          "12345",
                                          "3.14",
                                          " ",
                                          "  ",
                                          "   ",
                                          "\t",
                                          "\n",
                                          "\n\n",
                                          " \n ",
                                          "\r\n",
                                          ",",
                                          ".",
                                          "!?",
                                          "...",
                                          "(",
                                          ")",
                                          "{}",
                                          "<|",
                                          "|>",
                                          "--",
                                          "==",
                                          "\u00E9t\u00E9",
                                          "na\u00EFve",
                                          "e\u0301",
                                          "\u00A0",
                                          "\u3000",
                                          "\u4F60\u597D",
                                          "\u4E16\u754C",
                                          "\u3053\u3093\u306B\u3061\u306F",
                                          "\uC548\uB155",
                                          "\u043F\u0440\u0438\u0432\u0435\u0442",
                                          "\u05E9\u05DC\u05D5\u05DD",
                                          "\u0645\u0631\u062D\u0628\u0627",
                                          "\u0928\u092E\u0938\u094D\u0924\u0947",
                                          "\U0001F999",
                                          "\U0001F600\U0001F600",
                                          "\U0001F1FA\U0001F1F8",
                                          "\u2764\uFE0F",
                                          "\u00BD",
                                          "\u2160",
                                          "\u0663\u0664",
                                          "\xEF\xBF\xBD",
                                          "int main() {",
                                          "    return 0;",
                                          "x += y;",
                                          "http://a.b/c"};
  std::mt19937 random(20240521);
  std::uniform_int_distribution<std::size_t> pick(0, parts.size() - 1);
  std::uniform_int_distribution<int> length(1, 24);
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += parts[pick(random)];
    texts.push_back(std::move(text));
  }
  return texts;
}

class SharedVocabulary : public ::testing::TestWithParam<std::string_view> {
 protected:
  static Vocabulary load(std::string_view family) {
    return Vocabulary::from_metadata(
        gguf::File::open(hearth::testing::vocab_path(family)).metadata());
  }
};

TEST_P(SharedVocabulary, AgreesWithTheReferenceOnGoldenAndRandomText) {
  const Vocabulary vocabulary = load(GetParam());
  const std::unique_ptr<TokenizerModel> model = make_byte_level_bpe(vocabulary);
  std::vector<std::string> texts = random_texts(300);
  for (const fixtures::GoldenCase& golden : fixtures::golden_cases(GetParam())) {
    texts.push_back(golden.text);
    // The reference itself reproduces llama.cpp.
    EXPECT_EQ(reference_encode(vocabulary, golden.text), golden.ids)
        << fixtures::printable(golden.text);
  }
  for (const std::string& text : texts) {
    // Twice: the second time, pieces that are tokens take the shortcut.
    for (int round = 0; round < 2; ++round) {
      ASSERT_EQ(encode(*model, text), reference_encode(vocabulary, text))
          << fixtures::printable(text) << " round " << round;
    }
  }
}

TEST_P(SharedVocabulary, EveryMergeJoinsTwoTokensIntoAToken) {
  // The premise of the id-pair merge table (byte_level_bpe.cpp): checked for
  // the real vocabularies.
  const gguf::File file = gguf::File::open(hearth::testing::vocab_path(GetParam()));
  const Vocabulary vocabulary = Vocabulary::from_metadata(file.metadata());
  const gguf::Array* merges = file.metadata().get_array("tokenizer.ggml.merges");
  ASSERT_NE(merges, nullptr);
  for (const gguf::Value& merge : merges->items) {
    const std::string& text = *merge.as_string();
    const std::size_t space = text.find(' ', 1);
    ASSERT_NE(space, std::string::npos) << text;
    const std::string left = text.substr(0, space);
    const std::string right = text.substr(space + 1);
    ASSERT_TRUE(vocabulary.find(left) && vocabulary.find(right) && vocabulary.find(left + right))
        << text;
  }
}

TEST_P(SharedVocabulary, TokenToBytesUndoesTheByteAlphabet) {
  const Vocabulary vocabulary = load(GetParam());
  const std::unique_ptr<TokenizerModel> model = make_byte_level_bpe(vocabulary);
  const std::string text = "Hello,\n\t w\u00F6rld \U0001F999 \u4F60\u597D";
  std::string decoded;
  for (const TokenId id : encode(*model, text)) decoded += model->token_to_bytes(id);
  EXPECT_EQ(decoded, text);
}

INSTANTIATE_TEST_SUITE_P(ByteLevelBpe, SharedVocabulary,
                         ::testing::Values("gpt-2", "llama-bpe", "qwen2"),
                         fixtures::family_test_name);

// A small vocabulary over the letters a, b, c and what the test adds.
struct SmallVocabulary {
  std::vector<std::string> tokens;
  std::vector<std::int32_t> types;
  std::vector<std::string> merges;
  std::string pre = "gpt-2";

  Vocabulary build() const {
    gguf::Metadata metadata;
    metadata.set("tokenizer.ggml.model", "gpt2");
    metadata.set("tokenizer.ggml.pre", pre);
    metadata.set("tokenizer.ggml.tokens", gguf::make_string_array(tokens));
    std::vector<std::int32_t> all_types = types;
    all_types.resize(tokens.size(), static_cast<std::int32_t>(TokenType::normal));
    metadata.set("tokenizer.ggml.token_type", gguf::make_int32_array(all_types));
    metadata.set("tokenizer.ggml.merges", gguf::make_string_array(merges));
    // llama3's names ask for BOS by default, and these vocabularies have none.
    metadata.set("tokenizer.ggml.add_bos_token", false);
    return Vocabulary::from_metadata(metadata);
  }
};

TEST(ByteLevelBpe, MergesTheLowestRankFirstAndTheLeftmostOfEqualRanks) {
  const Vocabulary vocabulary = SmallVocabulary{{"a", "aa", "aaaa"}, {}, {"a a", "aa aa"}}.build();
  const auto model = make_byte_level_bpe(vocabulary);
  EXPECT_EQ(encode(*model, "aaa"), (std::vector<TokenId>{1, 0}));
  EXPECT_EQ(encode(*model, "aaaa"), (std::vector<TokenId>{2}));
  EXPECT_EQ(encode(*model, "aaaaa"), (std::vector<TokenId>{2, 0}));
}

TEST(ByteLevelBpe, APieceThatIsATokenStillMergesByRank) {
  // "abc" is a token, but "b c" outranks "a b", and nothing joins a + bc.
  SmallVocabulary small{{"a", "b", "c", "ab", "bc", "abc"}, {}, {"b c", "a b", "ab c"}};
  const Vocabulary vocabulary = small.build();
  const auto model = make_byte_level_bpe(vocabulary);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(encode(*model, "abc"), (std::vector<TokenId>{0, 4}));
    EXPECT_EQ(encode(*model, "ab"), (std::vector<TokenId>{3}));
  }
  // llama3's ignore_merges takes the token as it is.
  small.pre = "llama-bpe";
  const Vocabulary ignoring = small.build();
  EXPECT_EQ(encode(*make_byte_level_bpe(ignoring), "abc"), (std::vector<TokenId>{5}));
}

TEST(ByteLevelBpe, BytesWithoutASymbolFallBackLikeLlamaCpp) {
  // 'z' has no token and its spelling is itself: it is dropped. Byte 0x01 is
  // spelled U+0101 (C4 81); only its first byte is a token.
  const Vocabulary vocabulary = SmallVocabulary{{"a", "\xC4"}, {}, {}}.build();
  const auto model = make_byte_level_bpe(vocabulary);
  EXPECT_EQ(encode(*model, "aza"), (std::vector<TokenId>{0, 0}));
  EXPECT_EQ(encode(*model, "a\x01"), (std::vector<TokenId>{0, 1}));
}

TEST(ByteLevelBpe, TokenToBytesFollowsTheTokenType) {
  const Vocabulary vocabulary = SmallVocabulary{
      {"\xC4\xA0hello", "<|end|>", "<0x0A>", "[PAD3]", "<tool>", "\xE4\xB8\xAD"},
      {1, 3, 6, 5, 4, 1},
      {}}.build();
  const auto model = make_byte_level_bpe(vocabulary);
  EXPECT_EQ(model->token_to_bytes(0), " hello");
  EXPECT_EQ(model->token_to_bytes(1), "<|end|>");
  EXPECT_EQ(model->token_to_bytes(2), "\n");
  EXPECT_EQ(model->token_to_bytes(3), "");
  EXPECT_EQ(model->token_to_bytes(4), "<tool>");
  // A normal token outside GPT-2's alphabet decodes to llama.cpp's marker.
  EXPECT_EQ(model->token_to_bytes(5), "[UNK_BYTE_0xe4b8ad\xE4\xB8\xAD]");
  EXPECT_THROW(model->token_to_bytes(6), Error);
  EXPECT_THROW(model->token_to_bytes(-1), Error);
}

TEST(ByteLevelBpe, RefusesAnUnknownPreTokenizer) {
  SmallVocabulary small{{"a"}, {}, {}};
  small.pre = "not-a-family";
  const Vocabulary vocabulary = small.build();
  try {
    make_byte_level_bpe(vocabulary);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unsupported);
    EXPECT_NE(error.message().find("not-a-family"), std::string::npos);
  }
}

}  // namespace
}  // namespace hearth::tokenizer::detail
