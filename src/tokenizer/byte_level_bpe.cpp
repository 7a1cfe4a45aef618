// Byte-level BPE (tokenizer.ggml.model "gpt2"), token for token as llama.cpp's
// llm_tokenizer_bpe_session: the pre-tokenizer cuts the text into pieces;
// each piece starts as one symbol per byte and the adjacent pair with the
// lowest merge rank (the leftmost among equals) is merged until no pair
// merges; every symbol is then a token.
//
// Where llama.cpp works on strings spelled in GPT-2's byte-to-unicode
// alphabet, this works on token ids: a symbol is the id of the token it
// spells, and merges are looked up by pair of ids. The two agree as long as
// every merge joins two tokens into a token, which holds for every vocabulary
// converted from Hugging Face (its BPE model refuses other merges); merges
// that do not are never applied here.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpe_merge_table.h"
#include "byte_to_unicode.h"
#include "hearth/util/error.h"
#include "hearth/util/utf8.h"
#include "pre_tokenizer.h"
#include "token_bytes_index.h"
#include "tokenizer_model.h"

namespace hearth::tokenizer::detail {
namespace {

constexpr TokenId kNoToken = -1;
constexpr TokenId kMergedAway = -2;  // a symbol joined to the one on its left

// Whether a token merges to itself, once known (0 until then).
constexpr std::uint8_t kYes = 1;
constexpr std::uint8_t kNo = 2;

// A run of bytes of the piece, starting at its own index (merges always keep
// the left symbol, so a symbol's index is where its bytes start).
struct Symbol {
  TokenId id;  // kNoToken for a byte whose symbol is not in the vocabulary
  std::int32_t previous;
  std::int32_t next;  // -1 after the last
};

// A pair of adjacent symbols that merges, as it was when queued.
struct Candidate {
  // rank << 32 | left index: lowest rank first, then leftmost, as llama.cpp's
  // llm_bigram_bpe comparator orders them.
  std::uint64_t order;
  TokenId left_id;
  TokenId right_id;
  TokenId result;
};

bool merges_later(const Candidate& a, const Candidate& b) {
  return a.order > b.order;
}

// Memory reused from piece to piece within one encode call.
struct Workspace {
  PreTokenizerScratch pre_tokenizer;
  std::vector<Symbol> symbols;
  std::vector<Candidate> queue;  // a min-heap by order
};

// The bytes `text` stands for in GPT-2's alphabet; nullopt when a code point
// is outside it (such a token never matches byte-level input).
std::optional<std::string> bytes_spelled_by(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  for (std::size_t position = 0; position < text.size();) {
    const std::optional<std::uint8_t> byte = code_point_to_byte(decode_utf8(text, position));
    if (!byte) return std::nullopt;
    bytes.push_back(static_cast<char>(*byte));
  }
  return bytes;
}

TokenBytesIndex index_tokens(const Vocabulary& vocabulary) {
  TokenBytesIndex index;
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    const std::string& text = vocabulary.token(static_cast<TokenId>(id)).text;
    if (const std::optional<std::string> bytes = bytes_spelled_by(text)) {
      index.add(*bytes, static_cast<TokenId>(id));
    }
  }
  index.seal();
  return index;
}

// Every merge that joins two tokens into a token: each token is split at
// each byte, and the halves asked for their rank. The vocabulary does not
// list its merges, and this finds them all under the assumption above.
BpeMergeTable find_merges(const Vocabulary& vocabulary, const TokenBytesIndex& index) {
  std::vector<BpeMergeTable::Entry> merges;
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    const std::optional<std::string_view> bytes = index.bytes_of(static_cast<TokenId>(id));
    if (!bytes) continue;
    for (std::size_t split = 1; split < bytes->size(); ++split) {
      const std::optional<TokenId> left = index.find(bytes->substr(0, split));
      if (!left) continue;
      const std::optional<TokenId> right = index.find(bytes->substr(split));
      if (!right) continue;
      const std::optional<std::int32_t> rank =
          vocabulary.merge_rank(vocabulary.token(*left).text, vocabulary.token(*right).text);
      if (rank) merges.push_back({*left, *right, {*rank, static_cast<TokenId>(id)}});
    }
  }
  return BpeMergeTable(merges);
}

class ByteLevelBpe final : public TokenizerModel {
 public:
  explicit ByteLevelBpe(const Vocabulary& vocabulary)
      : vocabulary_(vocabulary),
        pre_tokenizer_(vocabulary.pre_tokenizer()),
        tokens_by_bytes_(index_tokens(vocabulary)),
        merges_(find_merges(vocabulary, tokens_by_bytes_)),
        merges_to_itself_(vocabulary.size()) {
    for (unsigned byte = 0; byte < 256; ++byte) {
      const char as_char = static_cast<char>(byte);
      byte_tokens_[byte] = tokens_by_bytes_.find(std::string_view(&as_char, 1)).value_or(kNoToken);
      // llama.cpp's last resort for a symbol that is not a token: each byte
      // of its spelling looked up as a one-byte token.
      std::string spelling;
      append_utf8(spelling, byte_to_code_point(static_cast<std::uint8_t>(byte)));
      for (const char spelled : spelling) {
        if (const auto id = vocabulary.find(std::string_view(&spelled, 1))) {
          byte_fallback_[byte].push_back(*id);
        }
      }
    }
  }

  void encode(std::string_view fragment, bool /*starts_text*/,
              std::vector<TokenId>& ids) const override {
    Workspace workspace;
    std::size_t begin = 0;
    for (const std::uint32_t end : pre_tokenizer_.split(fragment, workspace.pre_tokenizer)) {
      encode_piece(fragment.substr(begin, end - begin), workspace, ids);
      begin = end;
    }
  }

  std::string token_to_bytes(TokenId id) const override {
    if (id < 0 || static_cast<std::size_t>(id) >= vocabulary_.size()) {
      raise(ErrorKind::invalid_argument, "token id {} is outside the vocabulary (0..{})", id,
            vocabulary_.size() - 1);
    }
    const TokenEntry& token = vocabulary_.token(id);
    switch (token.type) {
      case TokenType::control:
      case TokenType::unknown:
      case TokenType::user_defined:
        return token.text;
      case TokenType::normal:
        return decode_spelling(token.text);
      case TokenType::byte:
        return byte_token_value(token.text);
      case TokenType::undefined:
      case TokenType::unused:
        break;
    }
    return {};
  }

 private:
  void encode_piece(std::string_view piece, Workspace& workspace, std::vector<TokenId>& ids) const {
    if (piece.size() == 1) {
      append_byte(static_cast<std::uint8_t>(piece[0]), ids);
      return;
    }
    // Most pieces are common words that are tokens themselves.
    const std::optional<TokenId> whole = tokens_by_bytes_.find(piece);
    if (whole && pre_tokenizer_.ignore_merges()) {
      ids.push_back(*whole);
      return;
    }
    std::atomic<std::uint8_t>* known = nullptr;
    if (whole) {
      known = &merges_to_itself_[static_cast<std::size_t>(*whole)];
      if (known->load(std::memory_order_relaxed) == kYes) {
        ids.push_back(*whole);
        return;
      }
    }
    merge(piece, workspace);
    const std::vector<Symbol>& symbols = workspace.symbols;
    if (known != nullptr) {
      const bool itself = symbols[0].next < 0 && symbols[0].id == *whole;
      known->store(itself ? kYes : kNo, std::memory_order_relaxed);
    }
    for (std::int32_t index = 0; index >= 0; index = symbols[index].next) {
      const TokenId id = symbols[index].id;
      if (id >= 0) {
        ids.push_back(id);
      } else {
        append_byte(static_cast<std::uint8_t>(piece[index]), ids);
      }
    }
  }

  // Leaves the merged symbols of `piece` in workspace.symbols, linked from
  // index 0.
  void merge(std::string_view piece, Workspace& workspace) const {
    // Symbols link to each other by int32 index.
    if (piece.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      raise(ErrorKind::resource_exhausted, "a pre-tokenized piece of {} bytes is too long to merge",
            piece.size());
    }
    std::vector<Symbol>& symbols = workspace.symbols;
    std::vector<Candidate>& queue = workspace.queue;
    const auto size = static_cast<std::int32_t>(piece.size());
    symbols.resize(piece.size());
    for (std::int32_t index = 0; index < size; ++index) {
      symbols[index] = {byte_tokens_[static_cast<std::uint8_t>(piece[index])], index - 1,
                        index + 1 < size ? index + 1 : -1};
    }
    queue.clear();
    const auto enqueue = [&](std::int32_t left) {
      const std::int32_t right = symbols[left].next;
      if (right < 0) return;
      const TokenId left_id = symbols[left].id;
      const TokenId right_id = symbols[right].id;
      if (left_id < 0 || right_id < 0) return;
      const BpeMerge* merge = merges_.find(left_id, right_id);
      if (merge == nullptr) return;
      queue.push_back({std::uint64_t{static_cast<std::uint32_t>(merge->rank)} << 32 |
                           static_cast<std::uint32_t>(left),
                       left_id, right_id, merge->result});
      std::push_heap(queue.begin(), queue.end(), merges_later);
    };
    for (std::int32_t left = 0; left + 1 < size; ++left) enqueue(left);
    while (!queue.empty()) {
      std::pop_heap(queue.begin(), queue.end(), merges_later);
      const Candidate candidate = queue.back();
      queue.pop_back();
      const auto left = static_cast<std::int32_t>(candidate.order & 0xFFFFFFFF);
      Symbol& left_symbol = symbols[left];
      // Stale when either side has merged since it was queued: a symbol's
      // id changes with every merge it takes part in.
      if (left_symbol.id != candidate.left_id || left_symbol.next < 0 ||
          symbols[left_symbol.next].id != candidate.right_id) {
        continue;
      }
      Symbol& right_symbol = symbols[left_symbol.next];
      left_symbol.id = candidate.result;
      left_symbol.next = right_symbol.next;
      if (right_symbol.next >= 0) symbols[right_symbol.next].previous = left;
      right_symbol.id = kMergedAway;
      if (left_symbol.previous >= 0) enqueue(left_symbol.previous);
      enqueue(left);
    }
  }

  void append_byte(std::uint8_t byte, std::vector<TokenId>& ids) const {
    if (byte_tokens_[byte] != kNoToken) {
      ids.push_back(byte_tokens_[byte]);
    } else {
      ids.insert(ids.end(), byte_fallback_[byte].begin(), byte_fallback_[byte].end());
    }
  }

  // A normal token's text read back through GPT-2's alphabet. A code point
  // outside it becomes llama.cpp's marker (which repeats the whole text), so
  // that decoded text matches llama.cpp's even for such malformed tokens.
  static std::string decode_spelling(std::string_view text) {
    std::string bytes;
    bytes.reserve(text.size());
    for (std::size_t position = 0; position < text.size();) {
      const char32_t code_point = decode_utf8(text, position);
      if (const std::optional<std::uint8_t> byte = code_point_to_byte(code_point)) {
        bytes.push_back(static_cast<char>(*byte));
        continue;
      }
      std::string spelled;
      append_utf8(spelled, code_point);
      bytes += "[UNK_BYTE_0x";
      for (const char c : spelled) bytes += fmt::format("{:02x}", static_cast<std::uint8_t>(c));
      bytes.append(text);
      bytes += ']';
    }
    return bytes;
  }

  // "<0x0A>" → "\n"; empty for text not of that form.
  static std::string byte_token_value(std::string_view text) {
    const auto hex_digit = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    if (text.size() != 6 || !text.starts_with("<0x") || text.back() != '>') return {};
    const int high = hex_digit(text[3]);
    const int low = hex_digit(text[4]);
    if (high < 0 || low < 0) return {};
    return std::string(1, static_cast<char>(high << 4 | low));
  }

  const Vocabulary& vocabulary_;
  PreTokenizer pre_tokenizer_;
  TokenBytesIndex tokens_by_bytes_;
  BpeMergeTable merges_;
  std::array<TokenId, 256> byte_tokens_{};  // the one-byte token of each byte
  std::array<std::vector<TokenId>, 256> byte_fallback_;
  // By token id: whether merging the token's bytes gives the token back, so
  // that a piece that is a token can skip merging. (It need not: "abc" may be
  // a token while the ranks of "ab" and "bc" split it otherwise.) Learned the
  // first time each token appears as a piece; the answer never changes, so
  // threads that race to store it store the same thing.
  mutable std::vector<std::atomic<std::uint8_t>> merges_to_itself_;
};

}  // namespace

std::unique_ptr<TokenizerModel> make_byte_level_bpe(const Vocabulary& vocabulary) {
  return std::make_unique<ByteLevelBpe>(vocabulary);
}

}  // namespace hearth::tokenizer::detail
