#include "hearth/tokenizer/vocabulary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::tokenizer {
namespace {

using ::testing::HasSubstr;

Vocabulary load_shared(std::string_view family) {
  return Vocabulary::from_metadata(
      gguf::File::open(hearth::testing::vocab_path(family)).metadata());
}

// A three-token SentencePiece vocabulary with every per-token array.
gguf::Metadata small_sentencepiece() {
  gguf::Metadata metadata;
  metadata.set("tokenizer.ggml.model", "llama");
  metadata.set("tokenizer.ggml.tokens", gguf::make_string_array({"<unk>", "<s>",
                                                                 "\xE2\x96\x81"
                                                                 "a"}));
  metadata.set("tokenizer.ggml.scores", gguf::make_float_array({0.0f, 0.0f, -1.0f}));
  metadata.set("tokenizer.ggml.token_type", gguf::make_int32_array({2, 3, 1}));
  return metadata;
}

gguf::Metadata small_byte_level_bpe() {
  gguf::Metadata metadata;
  metadata.set("tokenizer.ggml.model", "gpt2");
  metadata.set("tokenizer.ggml.pre", "gpt-2");
  metadata.set("tokenizer.ggml.tokens", gguf::make_string_array({"a", "b", "ab", "<|end|>"}));
  metadata.set("tokenizer.ggml.token_type", gguf::make_int32_array({1, 1, 1, 3}));
  metadata.set("tokenizer.ggml.merges", gguf::make_string_array({"a b", "b a", "a b"}));
  return metadata;
}

void expect_error(const gguf::Metadata& metadata, ErrorKind kind, std::string_view mentions) {
  try {
    Vocabulary::from_metadata(metadata);
    ADD_FAILURE() << "no error; expected one mentioning " << mentions;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), kind) << error.what();
    EXPECT_THAT(error.message(), HasSubstr(std::string(mentions)));
  }
}

TEST(Vocabulary, ReadsLlamaSentencePiece) {
  const Vocabulary vocabulary = load_shared("llama-spm");
  EXPECT_EQ(vocabulary.kind(), TokenizerKind::sentencepiece);
  EXPECT_EQ(vocabulary.model_name(), "llama");
  EXPECT_EQ(vocabulary.size(), 32000u);
  EXPECT_EQ(vocabulary.special().bos, 1);
  EXPECT_EQ(vocabulary.special().eos, 2);
  EXPECT_EQ(vocabulary.special().unk, 0);
  EXPECT_TRUE(vocabulary.add_bos());
  EXPECT_FALSE(vocabulary.add_eos());
  EXPECT_TRUE(vocabulary.add_space_prefix());
  EXPECT_EQ(vocabulary.token(13).type, TokenType::byte);
  EXPECT_EQ(vocabulary.token(13).text, "<0x0A>");
  EXPECT_EQ(vocabulary.find("<0x0A>"), 13);
  EXPECT_EQ(vocabulary.find("no such token"), std::nullopt);
}

TEST(Vocabulary, ReadsQwen2ByteLevelBpe) {
  const Vocabulary vocabulary = load_shared("qwen2");
  EXPECT_EQ(vocabulary.kind(), TokenizerKind::byte_level_bpe);
  EXPECT_EQ(vocabulary.pre_tokenizer(), "qwen2");
  EXPECT_FALSE(vocabulary.add_bos());
  EXPECT_FALSE(vocabulary.add_space_prefix());
  // The first merge in the file, and one that is not there.
  EXPECT_EQ(vocabulary.merge_rank("\xC4\xA0", "\xC4\xA0"), 0);
  EXPECT_EQ(vocabulary.merge_rank("i", "n"), 2);
  EXPECT_EQ(vocabulary.merge_rank("<|im_start|>", "x"), std::nullopt);
  // No eot id in the file: found by its text, as llama.cpp does.
  EXPECT_EQ(vocabulary.special().eot, 151645);
}

TEST(Vocabulary, Llama3AddsBosWithoutBeingTold) {
  // The file has no add_bos_token; llama.cpp defaults it on for this family.
  const Vocabulary vocabulary = load_shared("llama-bpe");
  EXPECT_TRUE(vocabulary.add_bos());
  EXPECT_EQ(vocabulary.special().bos, 128000);
  EXPECT_EQ(vocabulary.special().eot, 128009);
}

TEST(Vocabulary, BertStartsWithClsAndEndsWithSep) {
  const Vocabulary vocabulary = load_shared("bert-bge");
  EXPECT_EQ(vocabulary.kind(), TokenizerKind::wordpiece);
  EXPECT_EQ(vocabulary.special().cls, 101);
  EXPECT_EQ(vocabulary.special().bos, 101);
  EXPECT_EQ(vocabulary.special().sep, 102);
  EXPECT_EQ(vocabulary.special().unk, 100);
  EXPECT_TRUE(vocabulary.add_bos());
  EXPECT_TRUE(vocabulary.add_sep());
  EXPECT_TRUE(vocabulary.lowercase());
  EXPECT_TRUE(vocabulary.strip_accents());
}

TEST(Vocabulary, Phi3ChatTokensSwallowTheWhitespaceAfterThem) {
  const Vocabulary vocabulary = load_shared("phi-3");
  const auto entry = [&](std::string_view text) {
    return vocabulary.token(*vocabulary.find(text));
  };
  EXPECT_TRUE(entry("<|user|>").rstrip);
  EXPECT_TRUE(entry("<|end|>").rstrip);
  EXPECT_FALSE(entry("<s>").rstrip);
  EXPECT_FALSE(entry("<|endoftext|>").rstrip);
  // Shipped as user-defined, but it ends generation: a control token.
  EXPECT_EQ(entry("</s>").type, TokenType::control);
  EXPECT_TRUE(entry("</s>").rstrip);
}

TEST(Vocabulary, SpecialTokensAreListedLongestFirst) {
  const Vocabulary vocabulary = load_shared("qwen2");
  const std::vector<TokenId>& ids = vocabulary.special_token_ids();
  EXPECT_EQ(ids.size(), 293u);
  for (std::size_t i = 1; i < ids.size(); ++i) {
    EXPECT_GE(vocabulary.token(ids[i - 1]).text.size(), vocabulary.token(ids[i]).text.size());
  }
  for (const TokenId id : ids) EXPECT_NE(vocabulary.token(id).type, TokenType::normal);
  // An ordinary token that merely looks like an end-of-sequence token.
  EXPECT_EQ(vocabulary.token(*vocabulary.find("</s>")).type, TokenType::normal);
}

TEST(Vocabulary, SmallSentencePieceGetsLlamaDefaults) {
  const Vocabulary vocabulary = Vocabulary::from_metadata(small_sentencepiece());
  EXPECT_EQ(vocabulary.special().bos, 1);
  EXPECT_EQ(vocabulary.special().unk, 0);
  // llama.cpp's defaults fill in what the file leaves out, as long as they
  // fit the vocabulary.
  EXPECT_EQ(vocabulary.special().eos, 2);
  gguf::Metadata two_tokens = small_sentencepiece();
  two_tokens.set("tokenizer.ggml.tokens", gguf::make_string_array({"<unk>", "<s>"}));
  EXPECT_EQ(Vocabulary::from_metadata(two_tokens).special().eos, std::nullopt);
  EXPECT_EQ(vocabulary.token(2).score, -1.0f);
  EXPECT_EQ(vocabulary.special_token_ids(), (std::vector<TokenId>{0, 1}));
}

TEST(Vocabulary, RepeatedMergeKeepsItsFirstRank) {
  const Vocabulary vocabulary = Vocabulary::from_metadata(small_byte_level_bpe());
  EXPECT_EQ(vocabulary.merge_rank("a", "b"), 0);
  EXPECT_EQ(vocabulary.merge_rank("b", "a"), 1);
  EXPECT_EQ(vocabulary.merge_rank("a", "a"), std::nullopt);
  EXPECT_EQ(vocabulary.special().bos, std::nullopt);
}

TEST(Vocabulary, RejectsAMissingOrUnknownModel) {
  gguf::Metadata metadata = small_sentencepiece();
  metadata.erase("tokenizer.ggml.model");
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.model");
  metadata.set("tokenizer.ggml.model", std::uint32_t{1});
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.model");
  for (const char* model : {"t5", "rwkv", "no_vocab", "plamo2"}) {
    metadata.set("tokenizer.ggml.model", model);
    expect_error(metadata, ErrorKind::unsupported, model);
  }
}

TEST(Vocabulary, RejectsMissingOrMalformedTokens) {
  gguf::Metadata metadata = small_sentencepiece();
  metadata.erase("tokenizer.ggml.tokens");
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.tokens");
  metadata.set("tokenizer.ggml.tokens", gguf::make_string_array({}));
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.tokens");
  metadata.set("tokenizer.ggml.tokens", gguf::make_int32_array({1, 2, 3}));
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.tokens");
  metadata.set("tokenizer.ggml.tokens", gguf::make_string_array({"<unk>", "<s>", "<s>"}));
  expect_error(metadata, ErrorKind::invalid_data, "'<s>' twice");
}

TEST(Vocabulary, RejectsPerTokenArraysShorterThanTheTokens) {
  gguf::Metadata metadata = small_sentencepiece();
  metadata.set("tokenizer.ggml.scores", gguf::make_float_array({0.0f, 0.0f}));
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.scores");
  metadata = small_sentencepiece();
  metadata.set("tokenizer.ggml.token_type", gguf::make_int32_array({1}));
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.token_type");
  metadata = small_sentencepiece();
  metadata.set("tokenizer.ggml.token_type", gguf::make_float_array({1, 1, 1}));
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.token_type");
}

TEST(Vocabulary, RejectsSpecialIdsOutsideTheVocabulary) {
  gguf::Metadata metadata = small_sentencepiece();
  metadata.set("tokenizer.ggml.bos_token_id", std::uint32_t{3});
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.bos_token_id");
  metadata = small_sentencepiece();
  metadata.set("tokenizer.ggml.seperator_token_id", "1");
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.seperator_token_id");
  metadata = small_sentencepiece();
  metadata.set("tokenizer.ggml.eos_token_id", std::int32_t{-1});
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.eos_token_id");
}

TEST(Vocabulary, RejectsMalformedFlags) {
  gguf::Metadata metadata = small_sentencepiece();
  metadata.set("tokenizer.ggml.add_bos_token", std::uint8_t{1});
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.add_bos_token");
  // Asked to add a token the vocabulary does not have.
  metadata = small_byte_level_bpe();
  metadata.set("tokenizer.ggml.add_eos_token", true);
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.add_eos_token");
}

TEST(Vocabulary, ByteLevelBpeNeedsWellFormedMerges) {
  gguf::Metadata metadata = small_byte_level_bpe();
  metadata.erase("tokenizer.ggml.merges");
  expect_error(metadata, ErrorKind::invalid_data, "tokenizer.ggml.merges");
  metadata.set("tokenizer.ggml.merges", gguf::make_string_array({"a b", "ab"}));
  expect_error(metadata, ErrorKind::invalid_data, "entry 1");
}

}  // namespace
}  // namespace hearth::tokenizer
