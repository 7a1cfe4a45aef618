// WordPiece ("bert" vocabularies, e.g. BGE embedding models), as llama.cpp
// runs it: BERT's normalizer and pre-tokenizer (accents stripped, lowercase,
// whitespace and punctuation split the text), then each word is cut into the
// longest vocabulary entries from its start. llama.cpp's converter writes a
// word-initial piece as "▁word" and a continuation ("##ing" in BERT's own
// vocabulary) without a prefix.
#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/util/error.h"
#include "hearth/util/utf8.h"
#include "space_escaping.h"
#include "tokenizer_model.h"

namespace hearth::tokenizer::detail {
namespace {

// Unicode's White_Space property, what llama.cpp's WordPiece splits on.
bool is_whitespace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// The CJK ideograph blocks BERT puts each character of into a word of its own
// (the ranges of HF's BasicTokenizer, including its 0x2B920 quirk).
bool is_chinese_character(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

utf8proc_category_t category_of(char32_t c) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

bool is_control(utf8proc_category_t category) {
  return category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF ||
         category == UTF8PROC_CATEGORY_CS || category == UTF8PROC_CATEGORY_CO;
}

bool is_mark(utf8proc_category_t category) {
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
         category == UTF8PROC_CATEGORY_ME;
}

bool is_punctuation(utf8proc_category_t category) {
  return category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO;
}

bool is_symbol(utf8proc_category_t category) {
  return category >= UTF8PROC_CATEGORY_SM && category <= UTF8PROC_CATEGORY_SO;
}

// llama.cpp's "NFD" keeps only the first code point of a character's
// canonical decomposition: the base letter, without the accents that
// strip_accents would remove anyway. We do the same, for the same ids. Unlike
// HF's full NFD it reduces a Hangul syllable to its first jamo.
char32_t decomposition_base(char32_t c) {
  utf8proc_int32_t decomposed[8];
  int boundclass = 0;
  const utf8proc_ssize_t count = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(c), decomposed, 8, UTF8PROC_DECOMPOSE, &boundclass);
  return count > 0 ? static_cast<char32_t>(decomposed[0]) : c;
}

class WordPiece final : public TokenizerModel {
 public:
  explicit WordPiece(const Vocabulary& vocabulary);

  void encode(std::string_view fragment, bool starts_text,
              std::vector<TokenId>& ids) const override;
  std::string token_to_bytes(TokenId id) const override;

 private:
  // Cuts `word` (already "▁"-prefixed) into the longest known pieces from the
  // left; a word with any part unmatched becomes one unknown token.
  void encode_word(std::string_view word, std::vector<TokenId>& ids) const;

  const Vocabulary& vocabulary_;
  TokenId unknown_;
  std::size_t longest_token_ = 0;
};

TokenId required_unknown(const Vocabulary& vocabulary) {
  if (!vocabulary.special().unk) {
    raise(ErrorKind::invalid_data, "a WordPiece vocabulary needs an unknown token");
  }
  return *vocabulary.special().unk;
}

WordPiece::WordPiece(const Vocabulary& vocabulary)
    : vocabulary_(vocabulary), unknown_(required_unknown(vocabulary)) {
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    longest_token_ =
        std::max(longest_token_, vocabulary.token(static_cast<TokenId>(id)).text.size());
  }
}

void WordPiece::encode(std::string_view fragment, bool /*starts_text*/,
                       std::vector<TokenId>& ids) const {
  const bool strip_accents = vocabulary_.strip_accents();
  const bool lowercase = vocabulary_.lowercase();
  std::string word(kEscapedSpace);
  const auto finish_word = [&] {
    if (word.size() > kEscapedSpace.size()) encode_word(word, ids);
    word.resize(kEscapedSpace.size());
  };
  for (std::size_t position = 0; position < fragment.size();) {
    char32_t c = decode_utf8(fragment, position);
    if (strip_accents) c = decomposition_base(c);
    if (is_whitespace(c)) {
      finish_word();
      continue;
    }
    const utf8proc_category_t category = category_of(c);
    if (c == 0 || c == kReplacementCharacter || is_control(category)) continue;
    if (strip_accents && is_mark(category)) continue;
    const char32_t output =
        lowercase ? static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))) : c;
    if (is_punctuation(category) || (c < 0x7F && is_symbol(category)) || is_chinese_character(c)) {
      finish_word();
      append_utf8(word, output);
      finish_word();
    } else {
      append_utf8(word, output);
    }
  }
  finish_word();
}

void WordPiece::encode_word(std::string_view word, std::vector<TokenId>& ids) const {
  const std::size_t first_id = ids.size();
  for (std::size_t begin = 0; begin < word.size();) {
    std::optional<TokenId> piece;
    std::size_t end = std::min(word.size(), begin + longest_token_);
    for (; end > begin; --end) {
      // Only whole characters can be a token.
      if (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) continue;
      piece = vocabulary_.find(word.substr(begin, end - begin));
      if (piece) break;
    }
    if (!piece) {
      ids.resize(first_id);
      ids.push_back(unknown_);
      return;
    }
    ids.push_back(*piece);
    begin = end;
  }
}

std::string WordPiece::token_to_bytes(TokenId id) const {
  const TokenEntry& entry = vocabulary_.token(id);
  // Other kinds of token stand for no text, as in llama.cpp.
  if (entry.type != TokenType::normal) return {};
  return unescape_spaces(entry.text);
}

}  // namespace

std::unique_ptr<TokenizerModel> make_wordpiece(const Vocabulary& vocabulary) {
  return std::make_unique<WordPiece>(vocabulary);
}

}  // namespace hearth::tokenizer::detail
