// Special tokens written in text, BOS/EOS/SEP, and what plain text may never
// turn into.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "hearth/gguf/file.h"
#include "test_paths.h"
#include "vocab_fixtures.h"

namespace hearth::tokenizer {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

constexpr EncodeOptions kPlain{.add_special = false, .parse_special = false};
constexpr EncodeOptions kParsed{.add_special = false, .parse_special = true};

std::vector<TokenId> concat(std::vector<TokenId> first, const std::vector<TokenId>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

// A SentencePiece vocabulary of byte tokens, "▁", "a", and the given extra
// tokens (text, type) after them.
gguf::Metadata byte_vocabulary(const std::vector<std::pair<std::string, TokenType>>& extra) {
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<std::int32_t> types = {2, 3, 3};
  for (int byte = 0; byte < 256; ++byte) {
    tokens.push_back(fmt::format("<0x{:02X}>", byte));
    types.push_back(static_cast<std::int32_t>(TokenType::byte));
  }
  for (const char* text : {"\xE2\x96\x81", "a",
                           "\xE2\x96\x81"
                           "a"}) {
    tokens.push_back(text);
    types.push_back(static_cast<std::int32_t>(TokenType::normal));
  }
  for (const auto& [text, type] : extra) {
    tokens.push_back(text);
    types.push_back(static_cast<std::int32_t>(type));
  }
  gguf::Metadata metadata;
  metadata.set("tokenizer.ggml.model", "llama");
  metadata.set("tokenizer.ggml.tokens", gguf::make_string_array(tokens));
  metadata.set("tokenizer.ggml.scores", gguf::make_float_array(std::vector<float>(tokens.size())));
  metadata.set("tokenizer.ggml.token_type", gguf::make_int32_array(types));
  return metadata;
}

TEST(SpecialTokens, LongerTokensAreMatchedFirstOverTheWholeText) {
  // As in llama.cpp: "yzw" is split out before "xy" is looked for, so in
  // "xyzw" the shorter token loses although it starts first.
  const Tokenizer tokenizer = Tokenizer::from_metadata(
      byte_vocabulary({{"xy", TokenType::control}, {"yzw", TokenType::control}}));
  const TokenId xy = *tokenizer.vocabulary().find("xy");
  const TokenId yzw = *tokenizer.vocabulary().find("yzw");
  const std::vector<TokenId> ids = tokenizer.encode("xyzw", kParsed);
  EXPECT_THAT(ids, Contains(yzw));
  EXPECT_THAT(ids, Not(Contains(xy)));
  EXPECT_EQ(tokenizer.decode(ids, /*render_special=*/true), "xyzw");
}

TEST(SpecialTokens, LstripTokensSwallowTheSpacesBeforeThem) {
  // llama.cpp gives "<mask>" LSTRIP for this architecture.
  gguf::Metadata metadata = byte_vocabulary({{"<mask>", TokenType::user_defined}});
  metadata.set("general.architecture", "jina-bert-v3");
  const Tokenizer tokenizer = Tokenizer::from_metadata(metadata);
  const TokenId mask = *tokenizer.vocabulary().find("<mask>");
  EXPECT_TRUE(tokenizer.vocabulary().token(mask).lstrip);
  EXPECT_EQ(tokenizer.encode("a \t<mask> a", kPlain),
            concat(concat(tokenizer.encode("a", kPlain), {mask}), tokenizer.encode(" a", kPlain)));
}

TEST(SpecialTokens, ChatMarkupIsOneTokenOnlyWhenAskedFor) {
  const Tokenizer& qwen2 = fixtures::shared_tokenizer("qwen2");
  EXPECT_THAT(qwen2.encode("<|im_start|>", kParsed), ElementsAre(151644));
  const std::vector<TokenId> as_text = qwen2.encode("<|im_start|>", kPlain);
  EXPECT_GT(as_text.size(), 1u);
  EXPECT_THAT(as_text, Not(Contains(151644)));
  EXPECT_EQ(qwen2.decode(as_text), "<|im_start|>");
}

TEST(SpecialTokens, SplitTextAroundParsedTokens) {
  const Tokenizer& qwen2 = fixtures::shared_tokenizer("qwen2");
  const std::vector<TokenId> ids = qwen2.encode("<|im_start|>user\nHi<|im_end|>\n", kParsed);
  const std::vector<TokenId> expected =
      concat(concat(concat({151644}, qwen2.encode("user\nHi", kPlain)), {151645}),
             qwen2.encode("\n", kPlain));
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(qwen2.decode(ids, /*render_special=*/true), "<|im_start|>user\nHi<|im_end|>\n");
  EXPECT_EQ(qwen2.decode(ids), "user\nHi\n");
}

TEST(SpecialTokens, UserDefinedTokensAreMatchedEvenInPlainText) {
  // llama.cpp (like HF tokenizers) splits user-defined tokens out always.
  const Tokenizer& qwen2 = fixtures::shared_tokenizer("qwen2");
  EXPECT_THAT(qwen2.encode("a[PAD151646]b", kPlain),
              ElementsAre(qwen2.encode("a", kPlain)[0], 151646, qwen2.encode("b", kPlain)[0]));
}

TEST(SpecialTokens, LongestTokenWins) {
  const Tokenizer& llama3 = fixtures::shared_tokenizer("llama-bpe");
  EXPECT_THAT(llama3.encode("<|reserved_special_token_10|>", kParsed), ElementsAre(128015));
  EXPECT_THAT(llama3.encode("<|reserved_special_token_1|>", kParsed), ElementsAre(128003));
}

TEST(SpecialTokens, ControlAndUnknownTokensNeverComeFromPlainText) {
  for (const std::string_view family : fixtures::kFamilies) {
    const Tokenizer& tokenizer = fixtures::shared_tokenizer(family);
    const Vocabulary& vocabulary = tokenizer.vocabulary();
    for (const TokenId id : vocabulary.special_token_ids()) {
      const TokenEntry& entry = vocabulary.token(id);
      if (entry.type == TokenType::user_defined) continue;
      const std::string text = "x" + entry.text + " " + entry.text;
      EXPECT_THAT(tokenizer.encode(text, kPlain), Not(Contains(id))) << family << " " << entry.text;
      EXPECT_THAT(tokenizer.encode(text, kParsed), Contains(id)) << family << " " << entry.text;
    }
  }
}

TEST(SpecialTokens, SentencePieceAddsBosAndPrefixesTextAfterSpecialTokens) {
  const Tokenizer& llama = fixtures::shared_tokenizer("llama-spm");
  EXPECT_THAT(llama.encode("Hello"), ElementsAre(1, 15043));
  EXPECT_THAT(llama.encode(""), ElementsAre(1));
  EXPECT_THAT(llama.encode("", kPlain), ElementsAre());
  // "<s>" is matched only when parsing; the text after it gets its own space
  // prefix, as llama.cpp does after every special token.
  EXPECT_THAT(llama.encode("<s>Hello", {.parse_special = true}), ElementsAre(1, 1, 15043));
  const std::vector<TokenId> plain = llama.encode("<s>Hello");
  EXPECT_EQ(std::count(plain.begin(), plain.end(), 1), 1);
}

TEST(SpecialTokens, Phi3DropsTheNewlineAfterItsChatTokens) {
  const Tokenizer& phi3 = fixtures::shared_tokenizer("phi-3");
  // <|user|> strips what follows it; <s> does not.
  EXPECT_EQ(phi3.encode("<|user|>\nHi", kParsed), concat({32010}, phi3.encode("Hi", kPlain)));
  EXPECT_EQ(phi3.encode("<s> Hi", kParsed), concat({1}, phi3.encode(" Hi", kPlain)));
}

TEST(SpecialTokens, EosFollowsTheVocabulary) {
  gguf::Metadata metadata = gguf::File::open(hearth::testing::vocab_path("llama-spm")).metadata();
  metadata.set("tokenizer.ggml.add_bos_token", false);
  metadata.set("tokenizer.ggml.add_eos_token", true);
  const Tokenizer tokenizer = Tokenizer::from_metadata(metadata);
  EXPECT_THAT(tokenizer.encode("Hello"), ElementsAre(15043, 2));
  EXPECT_THAT(tokenizer.encode("Hello", kPlain), ElementsAre(15043));
}

TEST(SpecialTokens, Llama3StartsWithBeginOfText) {
  const Tokenizer& llama3 = fixtures::shared_tokenizer("llama-bpe");
  const std::vector<TokenId> ids = llama3.encode("Hello");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), 128000);
  EXPECT_EQ(ids.size(), llama3.encode("Hello", kPlain).size() + 1);
}

TEST(SpecialTokens, BertWrapsTextInClsAndSep) {
  const Tokenizer& bert = fixtures::shared_tokenizer("bert-bge");
  EXPECT_THAT(bert.encode("Hello world"), ElementsAre(101, 7592, 2088, 102));
  EXPECT_THAT(bert.encode(""), ElementsAre(101, 102));
  EXPECT_THAT(bert.encode("[CLS] hi", kParsed), ElementsAre(101, bert.encode("hi", kPlain)[0]));
}

}  // namespace
}  // namespace hearth::tokenizer
