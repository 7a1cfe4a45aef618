// What a Tokenizer holds, shared by the facade and the streaming decoder.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/tokenizer/tokenizer.h"
#include "special_token_splitter.h"
#include "tokenizer_model.h"

namespace hearth::tokenizer {

class Tokenizer::Impl {
 public:
  explicit Impl(Vocabulary vocabulary);
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  std::vector<TokenId> encode(std::string_view text, const EncodeOptions& options) const;
  std::string token_to_bytes(TokenId id) const;

  // Appends what `id` contributes to decoded text. `at_start` is true until a
  // token with bytes has been seen: the space SentencePiece (and WordPiece, in
  // front of every word) puts before the first word is dropped from it.
  void append_decoded(TokenId id, bool render_special, bool& at_start, std::string& out) const;

  const Vocabulary& vocabulary() const noexcept { return vocabulary_; }

 private:
  void check_id(TokenId id) const;

  // The models and the splitter keep references to vocabulary_, which lives
  // here at a fixed address (Impl is only ever held by unique_ptr).
  Vocabulary vocabulary_;
  std::unique_ptr<detail::TokenizerModel> model_;
  detail::SpecialTokenSplitter splitter_;
  bool drops_leading_space_;
};

}  // namespace hearth::tokenizer
