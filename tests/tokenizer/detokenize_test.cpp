// Ids back to text: byte tokens, the SentencePiece space prefix, special
// tokens, and the streaming decoder's hold-back of incomplete characters.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hearth/util/error.h"
#include "hearth/util/utf8.h"
#include "vocab_fixtures.h"

namespace hearth::tokenizer {
namespace {

// Chinese, Japanese, emoji (one with a zero-width joiner), Cyrillic, Hindi:
// characters of two, three and four bytes, many of them byte-fallback tokens
// in SentencePiece vocabularies.
constexpr std::string_view kMultilingual =
    "你好，世界！ 日本語のテキスト "
    "🦙🚀 😶‍🌫️ Привет, мир! "
    "नमस्ते 🤖 end";

TokenId id_of(const Tokenizer& tokenizer, std::string_view text) {
  return *tokenizer.vocabulary().find(text);
}

TEST(Detokenize, ByteTokensStandForTheirByte) {
  const Tokenizer& llama = fixtures::shared_tokenizer("llama-spm");
  EXPECT_EQ(llama.token_to_bytes(id_of(llama, "<0x0A>")), "\n");
  EXPECT_EQ(llama.token_to_bytes(id_of(llama, "<0xE6>")), "\xE6");
  EXPECT_EQ(llama.token_to_bytes(id_of(llama, "\xE2\x96\x81Hello")), " Hello");
  EXPECT_EQ(llama.token_to_bytes(1), "<s>");
  // U+6211 "我" spelled in byte tokens.
  const std::vector<TokenId> ids = {id_of(llama, "<0xE6>"), id_of(llama, "<0x88>"),
                                    id_of(llama, "<0x91>")};
  EXPECT_EQ(llama.decode(ids), "我");
}

// Found by tokenizer_fuzz (regressions/tokenizer/spm_literal_u2581_decodes_as_space):
// SentencePiece spells a space U+2581, so the character itself in the text
// comes back as a space; byte-level BPE keeps it.
TEST(Detokenize, SentencePieceSpaceCharacterInTextDecodesAsASpace) {
  constexpr std::string_view kText = "a \u2581b\u2581";
  for (const std::string_view family : {"llama-spm", "phi-3"}) {
    const Tokenizer& tokenizer = fixtures::shared_tokenizer(family);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode(kText)), "a  b ") << family;
  }
  for (const std::string_view family : {"llama-bpe", "qwen2", "gpt-2"}) {
    const Tokenizer& tokenizer = fixtures::shared_tokenizer(family);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode(kText)), kText) << family;
  }
}

TEST(Detokenize, IncompleteCharacterAtTheEndIsKeptAsBytes) {
  const Tokenizer& llama = fixtures::shared_tokenizer("llama-spm");
  const std::vector<TokenId> ids = {id_of(llama, "<0xE6>"), id_of(llama, "<0x88>")};
  EXPECT_EQ(llama.decode(ids), "\xE6\x88");
}

TEST(Detokenize, SentencePieceLeadingSpaceIsDroppedOnce) {
  const Tokenizer& llama = fixtures::shared_tokenizer("llama-spm");
  EXPECT_EQ(llama.decode(llama.encode("Hello world")), "Hello world");
  EXPECT_EQ(llama.decode(llama.encode("  two spaces")), "  two spaces");
  // The BOS, when shown, comes first: the space after it is the word's own.
  EXPECT_EQ(llama.decode(llama.encode("Hello"), /*render_special=*/true), "<s> Hello");
}

TEST(Detokenize, RejectsIdsOutsideTheVocabulary) {
  const Tokenizer& llama = fixtures::shared_tokenizer("llama-spm");
  const std::vector<TokenId> negative = {-1};
  const std::vector<TokenId> too_large = {32000};
  EXPECT_THROW(llama.decode(negative), Error);
  EXPECT_THROW(llama.decode(too_large), Error);
  EXPECT_THROW(llama.token_to_bytes(32000), Error);
  StreamingDecoder decoder(llama);
  EXPECT_THROW(decoder.push(-5), Error);
}

class StreamingDecoderTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(StreamingDecoderTest, NeverEmitsHalfACharacter) {
  const Tokenizer& tokenizer = fixtures::shared_tokenizer(GetParam());
  const std::vector<TokenId> ids = tokenizer.encode(kMultilingual);
  StreamingDecoder decoder(tokenizer);
  std::string streamed;
  std::size_t held_back = 0;
  for (const TokenId id : ids) {
    const std::string chunk = decoder.push(id);
    EXPECT_TRUE(hearth::is_valid_utf8(chunk)) << fixtures::printable(chunk);
    if (chunk.empty()) ++held_back;
    streamed += chunk;
  }
  streamed += decoder.finish();
  EXPECT_EQ(streamed, tokenizer.decode(ids));
  // Byte-level and byte-fallback vocabularies split these characters.
  if (GetParam() != "bert-bge") {
    EXPECT_GT(held_back, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, StreamingDecoderTest,
                         ::testing::ValuesIn(fixtures::kFamilies), fixtures::family_test_name);

TEST(StreamingDecoder, FinishReplacesAnIncompleteCharacter) {
  const Tokenizer& llama = fixtures::shared_tokenizer("llama-spm");
  StreamingDecoder decoder(llama);
  EXPECT_EQ(decoder.push(id_of(llama,
                               "\xE2\x96\x81"
                               "a")),
            "a");
  EXPECT_EQ(decoder.push(id_of(llama, "<0xE6>")), "");
  EXPECT_EQ(decoder.push(id_of(llama, "<0x88>")), "");
  EXPECT_EQ(decoder.finish(), "\xEF\xBF\xBD");
  EXPECT_EQ(decoder.finish(), "");
}

TEST(StreamingDecoder, BytesThatCanNeverCompleteAreReplacedAtOnce) {
  const Tokenizer& llama = fixtures::shared_tokenizer("llama-spm");
  StreamingDecoder decoder(llama);
  EXPECT_EQ(decoder.push(id_of(llama, "<0xFF>")), "\xEF\xBF\xBD");
  EXPECT_EQ(decoder.push(id_of(llama, "<0x80>")), "\xEF\xBF\xBD");
}

TEST(StreamingDecoder, RendersSpecialTokensOnlyWhenAsked) {
  const Tokenizer& qwen2 = fixtures::shared_tokenizer("qwen2");
  const std::vector<TokenId> ids = qwen2.encode("<|im_start|>hi", {.parse_special = true});
  for (const bool render_special : {false, true}) {
    StreamingDecoder decoder(qwen2, render_special);
    std::string streamed;
    for (const TokenId id : ids) streamed += decoder.push(id);
    EXPECT_EQ(streamed, render_special ? "<|im_start|>hi" : "hi");
  }
}

}  // namespace
}  // namespace hearth::tokenizer
