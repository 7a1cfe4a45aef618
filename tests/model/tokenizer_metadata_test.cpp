#include "hearth/model/tokenizer_metadata.h"

#include <gtest/gtest.h>

#include "hearth/gguf/file.h"
#include "hearth/util/error.h"
#include "small_vocabulary.h"
#include "test_paths.h"

namespace hearth::model {
namespace {

gguf::Metadata small_vocabulary_metadata(std::uint32_t tokens, VocabularyKind kind) {
  hearth::testing::ScratchDir dir;
  write_small_vocabulary(dir / "vocab.gguf", tokens, kind);
  return gguf::File::open(dir / "vocab.gguf").metadata();
}

const std::string& token_text(const gguf::Metadata& metadata, std::size_t id) {
  return *metadata.get_array("tokenizer.ggml.tokens")->items.at(id).as_string();
}

TEST(TokenizerMetadata, CopiesEveryTokenizerKeyAndNothingElse) {
  const gguf::Metadata source = small_vocabulary_metadata(10, VocabularyKind::byte_level_bpe);
  gguf::Metadata copy;
  copy_tokenizer_metadata(source, 10, copy);

  EXPECT_FALSE(copy.contains("general.architecture"));
  std::size_t tokenizer_keys = 0;
  for (const gguf::KeyValue& entry : source.entries()) {
    if (!entry.key.starts_with("tokenizer.")) continue;
    ++tokenizer_keys;
    ASSERT_NE(copy.find(entry.key), nullptr) << entry.key;
    EXPECT_EQ(*copy.find(entry.key), entry.value) << entry.key;
  }
  EXPECT_EQ(copy.size(), tokenizer_keys);
  EXPECT_EQ(tokenizer_token_count(copy), 10u);
}

TEST(TokenizerMetadata, PadsByteLevelVocabulariesWithTokenIds) {
  const gguf::Metadata source = small_vocabulary_metadata(10, VocabularyKind::byte_level_bpe);
  gguf::Metadata copy;
  copy_tokenizer_metadata(source, 13, copy);

  EXPECT_EQ(tokenizer_token_count(copy), 13u);
  EXPECT_EQ(token_text(copy, 9), "t9");
  EXPECT_EQ(token_text(copy, 10), "[PAD10]");
  EXPECT_EQ(token_text(copy, 12), "[PAD12]");
  const gguf::Array* types = copy.get_array("tokenizer.ggml.token_type");
  ASSERT_EQ(types->items.size(), 13u);
  EXPECT_EQ(types->items[12], gguf::Value(kUnusedTokenType));
  EXPECT_EQ(types->items[9], gguf::Value(std::int32_t{1}));
  EXPECT_EQ(copy.get_array("tokenizer.ggml.merges")->items.size(), 1u);  // not per token
  EXPECT_FALSE(copy.contains("tokenizer.ggml.scores"));
}

TEST(TokenizerMetadata, PadsSentencePieceVocabulariesFromOne) {
  const gguf::Metadata source = small_vocabulary_metadata(10, VocabularyKind::sentencepiece);
  gguf::Metadata copy;
  copy_tokenizer_metadata(source, 12, copy);

  EXPECT_EQ(token_text(copy, 10), "[PAD1]");
  EXPECT_EQ(token_text(copy, 11), "[PAD2]");
  const gguf::Array* scores = copy.get_array("tokenizer.ggml.scores");
  ASSERT_EQ(scores->items.size(), 12u);
  EXPECT_EQ(scores->items[11], gguf::Value(-1000.0f));
  EXPECT_EQ(scores->items[9], gguf::Value(-9.0f));
}

TEST(TokenizerMetadata, PadsARealVocabulary) {
  const gguf::File vocabulary = gguf::File::open(hearth::testing::vocab_path("qwen2"));
  gguf::Metadata copy;
  copy_tokenizer_metadata(vocabulary.metadata(), 152000, copy);
  EXPECT_EQ(tokenizer_token_count(copy), 152000u);
  EXPECT_EQ(token_text(copy, 151999), "[PAD151999]");
  EXPECT_EQ(copy.get_string("tokenizer.ggml.pre"), "qwen2");
  EXPECT_TRUE(copy.contains("tokenizer.chat_template"));
}

TEST(TokenizerMetadata, RefusesToDropTokens) {
  const gguf::Metadata source = small_vocabulary_metadata(10, VocabularyKind::byte_level_bpe);
  gguf::Metadata copy;
  try {
    copy_tokenizer_metadata(source, 9, copy);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
    EXPECT_NE(error.message().find("(9 rows)"), std::string::npos) << error.message();
  }
}

TEST(TokenizerMetadata, RejectsBrokenVocabularies) {
  gguf::Metadata no_tokens;
  no_tokens.set("tokenizer.ggml.model", "gpt2");
  gguf::Metadata copy;
  EXPECT_THROW(copy_tokenizer_metadata(no_tokens, 10, copy), Error);

  gguf::Metadata short_types;
  short_types.set("tokenizer.ggml.tokens", gguf::make_string_array({"a", "b"}));
  short_types.set("tokenizer.ggml.token_type", gguf::make_int32_array({1}));
  try {
    copy_tokenizer_metadata(short_types, 4, copy);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
    EXPECT_NE(error.message().find("tokenizer.ggml.token_type"), std::string::npos);
  }
}

}  // namespace
}  // namespace hearth::model
