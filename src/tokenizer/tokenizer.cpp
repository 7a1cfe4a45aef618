#include "hearth/tokenizer/tokenizer.h"

#include <utility>

#include "hearth/util/error.h"
#include "hearth/util/utf8.h"
#include "tokenizer_impl.h"

namespace hearth::tokenizer {
namespace {

std::unique_ptr<detail::TokenizerModel> make_model(const Vocabulary& vocabulary) {
  switch (vocabulary.kind()) {
    case TokenizerKind::sentencepiece:
      return detail::make_sentencepiece(vocabulary);
    case TokenizerKind::byte_level_bpe:
      return detail::make_byte_level_bpe(vocabulary);
    case TokenizerKind::wordpiece:
      return detail::make_wordpiece(vocabulary);
  }
  raise(ErrorKind::internal, "no tokenization algorithm for tokenizer kind {}",
        static_cast<int>(vocabulary.kind()));
}

// Control and unknown tokens have no text of their own in a decoded sequence
// (llama.cpp's token_to_piece with special = false).
bool is_hidden_unless_rendered(TokenType type) {
  return type == TokenType::control || type == TokenType::unknown;
}

}  // namespace

Tokenizer::Impl::Impl(Vocabulary vocabulary)
    : vocabulary_(std::move(vocabulary)),
      model_(make_model(vocabulary_)),
      splitter_(vocabulary_),
      drops_leading_space_(
          vocabulary_.kind() == TokenizerKind::wordpiece ||
          (vocabulary_.kind() == TokenizerKind::sentencepiece && vocabulary_.add_space_prefix())) {}

std::vector<TokenId> Tokenizer::Impl::encode(std::string_view text,
                                             const EncodeOptions& options) const {
  std::string sanitized;
  if (!hearth::is_valid_utf8(text)) {
    sanitized = hearth::sanitize_utf8(text);
    text = sanitized;
  }
  const bool add_special = options.add_special;
  const SpecialTokenIds& special = vocabulary_.special();
  std::vector<TokenId> ids;
  ids.reserve(text.size() / 3 + 2);
  if (add_special && vocabulary_.add_bos()) ids.push_back(*special.bos);
  // llama.cpp gives SentencePiece's space prefix to the first text and to any
  // text that follows a special token.
  bool starts_text = true;
  for (const detail::TextFragment& fragment : splitter_.split(text, options.parse_special)) {
    if (fragment.token) {
      ids.push_back(*fragment.token);
      starts_text = true;
    } else {
      model_->encode(fragment.text, starts_text, ids);
      starts_text = false;
    }
  }
  if (add_special && vocabulary_.kind() == TokenizerKind::wordpiece && vocabulary_.add_sep()) {
    ids.push_back(*special.sep);
  }
  if (add_special && vocabulary_.add_eos()) ids.push_back(*special.eos);
  return ids;
}

void Tokenizer::Impl::check_id(TokenId id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= vocabulary_.size()) {
    raise(ErrorKind::invalid_argument, "token id {} is outside the vocabulary (0..{})", id,
          vocabulary_.size() - 1);
  }
}

std::string Tokenizer::Impl::token_to_bytes(TokenId id) const {
  check_id(id);
  const TokenEntry& entry = vocabulary_.token(id);
  switch (entry.type) {
    case TokenType::control:
    case TokenType::user_defined:
    case TokenType::unknown:
      return entry.text;
    default:
      return model_->token_to_bytes(id);
  }
}

void Tokenizer::Impl::append_decoded(TokenId id, bool render_special, bool& at_start,
                                     std::string& out) const {
  check_id(id);
  if (!render_special && is_hidden_unless_rendered(vocabulary_.token(id).type)) return;
  const std::string bytes = token_to_bytes(id);
  if (bytes.empty()) return;
  std::string_view piece = bytes;
  if (at_start && drops_leading_space_ && piece.starts_with(' ')) piece.remove_prefix(1);
  out += piece;
  at_start = false;
}

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::from_metadata(const gguf::Metadata& metadata) {
  return Tokenizer(std::make_unique<Impl>(Vocabulary::from_metadata(metadata)));
}

std::vector<TokenId> Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  return impl_->encode(text, options);
}

std::string Tokenizer::token_to_bytes(TokenId id) const {
  return impl_->token_to_bytes(id);
}

std::string Tokenizer::decode(std::span<const TokenId> ids, bool render_special) const {
  std::string text;
  bool at_start = true;
  for (const TokenId id : ids) impl_->append_decoded(id, render_special, at_start, text);
  return text;
}

const Vocabulary& Tokenizer::vocabulary() const noexcept {
  return impl_->vocabulary();
}

}  // namespace hearth::tokenizer
