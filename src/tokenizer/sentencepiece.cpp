// SentencePiece BPE ("llama" vocabularies: Llama 1/2, Mistral, Phi-3): spaces
// become U+2581, then the adjacent pair whose concatenation is the
// highest-scoring token is merged until no pair is a token; what is left
// unmatched falls back to byte tokens (<0xXX>).
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/util/error.h"
#include "hearth/util/utf8.h"
#include "space_escaping.h"
#include "symbol_pair_table.h"
#include "tokenizer_model.h"

namespace hearth::tokenizer::detail {
namespace {

// The text of the byte-fallback token for `byte`, "<0x0A>" for a newline.
std::string byte_token_text(unsigned char byte) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  return {'<', '0', 'x', kHex[byte >> 4], kHex[byte & 0xF], '>'};
}

std::optional<unsigned char> byte_of_token_text(std::string_view text) {
  const auto hex_value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (text.size() != 6 || !text.starts_with("<0x") || text.back() != '>') return std::nullopt;
  const int high = hex_value(text[3]);
  const int low = hex_value(text[4]);
  if (high < 0 || low < 0) return std::nullopt;
  return static_cast<unsigned char>(high << 4 | low);
}

// Whether U+2581 appears in `text` right after some other character.
bool has_inner_space(std::string_view text) {
  for (std::size_t mark = text.find(kEscapedSpace, 1); mark != std::string_view::npos;
       mark = text.find(kEscapedSpace, mark + 1)) {
    const bool after_space =
        mark >= kEscapedSpace.size() &&
        text.substr(mark - kEscapedSpace.size(), kEscapedSpace.size()) == kEscapedSpace;
    if (!after_space) return true;
  }
  return false;
}

// Control, unknown and byte tokens are never formed by merging: text that
// spells "<s>" or "<0x41>" stays text, as in SentencePiece itself.
std::vector<bool> mergeable_tokens(const Vocabulary& vocabulary) {
  std::vector<bool> mergeable(vocabulary.size());
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    const TokenType type = vocabulary.token(static_cast<TokenId>(id)).type;
    mergeable[id] =
        type != TokenType::control && type != TokenType::unknown && type != TokenType::byte;
  }
  return mergeable;
}

class SentencePiece final : public TokenizerModel {
 public:
  explicit SentencePiece(const Vocabulary& vocabulary);

  void encode(std::string_view fragment, bool starts_text,
              std::vector<TokenId>& ids) const override;
  std::string token_to_bytes(TokenId id) const override;

 private:
  SentencePiece(const Vocabulary& vocabulary, const std::vector<bool>& mergeable);

  // A run of characters of the text being merged, linked to its neighbours.
  struct Symbol {
    std::uint32_t begin;
    std::uint32_t length;
    std::int32_t prev;
    std::int32_t next;
    std::int32_t id;  // in SymbolPairTable's numbering
  };
  // Two adjacent symbols whose concatenation is a token.
  struct Bigram {
    float score;
    std::int32_t left;
    std::int32_t right;
    std::uint32_t length;
    TokenId token;
  };
  // The queue's order: highest score first; among equal scores the leftmost
  // pair, as llama.cpp breaks ties. A function object, so the heap
  // operations inline it.
  struct LowerPriority {
    bool operator()(const Bigram& a, const Bigram& b) const noexcept {
      return a.score < b.score || (a.score == b.score && a.left > b.left);
    }
  };
  // Reused across the words of one encode call.
  struct Scratch {
    std::vector<Symbol> symbols;
    std::vector<Bigram> queue;
  };

  void encode_word(std::string_view word, Scratch& scratch, std::vector<TokenId>& ids) const;
  void try_add_bigram(std::int32_t left, std::int32_t right, Scratch& scratch) const;
  void emit(std::string_view word, const Symbol& symbol, std::vector<TokenId>& ids) const;

  const Vocabulary& vocabulary_;
  SymbolPairTable pairs_;
  std::array<TokenId, 256> byte_tokens_{};
  // Merges never cross the boundary in front of a U+2581 that follows another
  // character when no token spans one, so each word can be merged on its own
  // (small queues, warm caches) with the same result as the whole text.
  bool merges_within_words_ = true;
};

SentencePiece::SentencePiece(const Vocabulary& vocabulary)
    : SentencePiece(vocabulary, mergeable_tokens(vocabulary)) {}

SentencePiece::SentencePiece(const Vocabulary& vocabulary, const std::vector<bool>& mergeable)
    : vocabulary_(vocabulary), pairs_(vocabulary, mergeable) {
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    if (mergeable[id] && has_inner_space(vocabulary.token(static_cast<TokenId>(id)).text)) {
      merges_within_words_ = false;
    }
  }
  const std::optional<TokenId> unknown = vocabulary.special().unk;
  for (unsigned byte = 0; byte < byte_tokens_.size(); ++byte) {
    std::optional<TokenId> id = vocabulary.find(byte_token_text(static_cast<unsigned char>(byte)));
    if (!id) id = vocabulary.find(std::string(1, static_cast<char>(byte)));
    if (!id) id = unknown;
    if (!id) {
      raise(ErrorKind::invalid_data,
            "SentencePiece vocabulary has no token for byte 0x{:02X} and no unknown token", byte);
    }
    byte_tokens_[byte] = *id;
  }
}

void SentencePiece::encode(std::string_view fragment, bool starts_text,
                           std::vector<TokenId>& ids) const {
  const std::string text = escape_spaces(fragment, starts_text && vocabulary_.add_space_prefix());
  const std::string_view view = text;
  Scratch scratch;
  if (!merges_within_words_) {
    encode_word(view, scratch, ids);
    return;
  }
  // A word: the U+2581 run that leads it, then everything up to the next U+2581.
  std::size_t begin = 0;
  while (begin < view.size()) {
    std::size_t end = begin;
    while (view.substr(end, kEscapedSpace.size()) == kEscapedSpace) end += kEscapedSpace.size();
    end = std::min(view.find(kEscapedSpace, end), view.size());
    encode_word(view.substr(begin, end - begin), scratch, ids);
    begin = end;
  }
}

void SentencePiece::encode_word(std::string_view word, Scratch& scratch,
                                std::vector<TokenId>& ids) const {
  if (word.size() > std::numeric_limits<std::uint32_t>::max()) {
    raise(ErrorKind::resource_exhausted, "{} bytes of text without a space are too many to merge",
          word.size());
  }
  std::vector<Symbol>& symbols = scratch.symbols;
  symbols.clear();
  for (std::size_t begin = 0; begin < word.size();) {
    // The text is valid UTF-8 (the facade sanitized it).
    const std::size_t length = std::max<std::size_t>(1, valid_sequence_length(word, begin));
    const auto index = static_cast<std::int32_t>(symbols.size());
    symbols.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(length),
                       index - 1, begin + length < word.size() ? index + 1 : -1,
                       pairs_.symbol_of(word.substr(begin, length))});
    begin += length;
  }
  scratch.queue.clear();
  for (std::size_t right = 1; right < symbols.size(); ++right) {
    try_add_bigram(static_cast<std::int32_t>(right - 1), static_cast<std::int32_t>(right), scratch);
  }
  std::vector<Bigram>& queue = scratch.queue;
  while (!queue.empty()) {
    std::pop_heap(queue.begin(), queue.end(), LowerPriority{});
    const Bigram bigram = queue.back();
    queue.pop_back();
    Symbol& left = symbols[static_cast<std::size_t>(bigram.left)];
    Symbol& right = symbols[static_cast<std::size_t>(bigram.right)];
    // Either side already merged elsewhere: this pair no longer exists.
    if (left.length == 0 || right.length == 0 || left.length + right.length != bigram.length) {
      continue;
    }
    left.length += right.length;
    left.id = bigram.token;
    right.length = 0;
    left.next = right.next;
    if (right.next >= 0) symbols[static_cast<std::size_t>(right.next)].prev = bigram.left;
    try_add_bigram(left.prev, bigram.left, scratch);
    try_add_bigram(bigram.left, left.next, scratch);
  }
  for (std::int32_t index = symbols.empty() ? -1 : 0; index != -1;
       index = symbols[static_cast<std::size_t>(index)].next) {
    emit(word, symbols[static_cast<std::size_t>(index)], ids);
  }
}

void SentencePiece::try_add_bigram(std::int32_t left, std::int32_t right, Scratch& scratch) const {
  if (left < 0 || right < 0) return;
  const Symbol& first = scratch.symbols[static_cast<std::size_t>(left)];
  const Symbol& second = scratch.symbols[static_cast<std::size_t>(right)];
  const SymbolPairTable::Merge* merge = pairs_.find(first.id, second.id);
  if (merge == nullptr) return;
  scratch.queue.push_back({merge->score, left, right, first.length + second.length, merge->token});
  std::push_heap(scratch.queue.begin(), scratch.queue.end(), LowerPriority{});
}

// A symbol that is not a token is a single character missing from the
// vocabulary (every merge made a token): it is spelled in byte tokens.
void SentencePiece::emit(std::string_view word, const Symbol& symbol,
                         std::vector<TokenId>& ids) const {
  if (symbol.id >= 0 && static_cast<std::size_t>(symbol.id) < vocabulary_.size()) {
    ids.push_back(symbol.id);
    return;
  }
  for (const char byte : word.substr(symbol.begin, symbol.length)) {
    ids.push_back(byte_tokens_[static_cast<unsigned char>(byte)]);
  }
}

std::string SentencePiece::token_to_bytes(TokenId id) const {
  const TokenEntry& entry = vocabulary_.token(id);
  switch (entry.type) {
    case TokenType::normal:
      return unescape_spaces(entry.text);
    case TokenType::byte:
      if (const std::optional<unsigned char> byte = byte_of_token_text(entry.text)) {
        return std::string(1, static_cast<char>(*byte));
      }
      return entry.text;
    default:
      // Unused and undefined tokens stand for no text (llama.cpp renders
      // nothing for them either).
      return {};
  }
}

}  // namespace

std::unique_ptr<TokenizerModel> make_sentencepiece(const Vocabulary& vocabulary) {
  return std::make_unique<SentencePiece>(vocabulary);
}

}  // namespace hearth::tokenizer::detail
