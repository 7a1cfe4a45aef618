// The seam between the Tokenizer facade and one tokenization algorithm.
//
// The facade splits input around special tokens (when asked), adds BOS/EOS and
// sanitizes UTF-8; a TokenizerModel only ever sees valid UTF-8 fragments of
// plain text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/tokenizer/vocabulary.h"

namespace hearth::tokenizer::detail {

class TokenizerModel {
 public:
  virtual ~TokenizerModel() = default;

  // Appends the ids of `fragment` (valid UTF-8, no special tokens in it) to
  // `ids`. `starts_text` is true for the first fragment of the input, or one
  // right after a special token where llama.cpp treats it so (SentencePiece's
  // space prefix depends on it).
  virtual void encode(std::string_view fragment, bool starts_text,
                      std::vector<TokenId>& ids) const = 0;

  // The bytes `id` stands for in decoded text (see Tokenizer::token_to_bytes).
  virtual std::string token_to_bytes(TokenId id) const = 0;
};

// Each throws Error(unsupported) when the vocabulary needs something the
// algorithm cannot do (e.g. an unknown pre-tokenizer family). The model keeps a
// reference to `vocabulary`, which must outlive it.
std::unique_ptr<TokenizerModel> make_byte_level_bpe(const Vocabulary& vocabulary);
std::unique_ptr<TokenizerModel> make_sentencepiece(const Vocabulary& vocabulary);
std::unique_ptr<TokenizerModel> make_wordpiece(const Vocabulary& vocabulary);

}  // namespace hearth::tokenizer::detail
