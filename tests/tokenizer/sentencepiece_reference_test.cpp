// The fast SentencePiece path (merges looked up by symbol ids, each word
// merged on its own) against a plain transcription of llama.cpp's
// llm_tokenizer_spm: one queue over the whole text, every candidate pair
// looked up by its text. Both must give the same ids for any text.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "hearth/util/utf8.h"
#include "vocab_fixtures.h"

namespace hearth::tokenizer {
namespace {

class ReferenceSentencePiece {
 public:
  explicit ReferenceSentencePiece(const Vocabulary& vocabulary) : vocabulary_(vocabulary) {}

  std::vector<TokenId> encode(std::string_view fragment) const {
    if (fragment.empty()) return {};
    std::string text = "\xE2\x96\x81";
    for (const char c : fragment) {
      if (c == ' ') {
        text += "\xE2\x96\x81";
      } else {
        text += c;
      }
    }
    std::vector<Symbol> symbols;
    for (std::size_t begin = 0; begin < text.size();) {
      const std::size_t length = hearth::valid_sequence_length(text, begin);
      const int index = static_cast<int>(symbols.size());
      symbols.push_back({index - 1, begin + length < text.size() ? index + 1 : -1, begin, length});
      begin += length;
    }
    Queue queue;
    const auto try_add = [&](int left, int right) {
      if (left < 0 || right < 0) return;
      const std::size_t size = symbols[left].length + symbols[right].length;
      const std::optional<TokenId> id = mergeable(text.substr(symbols[left].begin, size));
      if (id) queue.push({left, right, vocabulary_.token(*id).score, size});
    };
    for (int right = 1; right < static_cast<int>(symbols.size()); ++right)
      try_add(right - 1, right);
    while (!queue.empty()) {
      const Bigram bigram = queue.top();
      queue.pop();
      Symbol& left = symbols[bigram.left];
      Symbol& right = symbols[bigram.right];
      if (left.length == 0 || right.length == 0 || left.length + right.length != bigram.size) {
        continue;
      }
      left.length += right.length;
      right.length = 0;
      left.next = right.next;
      if (right.next >= 0) symbols[right.next].prev = bigram.left;
      try_add(left.prev, bigram.left);
      try_add(bigram.left, left.next);
    }
    std::vector<TokenId> ids;
    for (int index = 0; index != -1; index = symbols[index].next) {
      const std::string piece = text.substr(symbols[index].begin, symbols[index].length);
      if (const std::optional<TokenId> id = mergeable(piece)) {
        ids.push_back(*id);
        continue;
      }
      for (const char byte : piece) {
        constexpr std::string_view kHex = "0123456789ABCDEF";
        const auto value = static_cast<unsigned char>(byte);
        ids.push_back(
            *vocabulary_.find(std::string{'<', '0', 'x', kHex[value >> 4], kHex[value & 15], '>'}));
      }
    }
    return ids;
  }

 private:
  struct Symbol {
    int prev;
    int next;
    std::size_t begin;
    std::size_t length;
  };
  struct Bigram {
    int left;
    int right;
    float score;
    std::size_t size;
  };
  struct LowerPriority {
    bool operator()(const Bigram& a, const Bigram& b) const {
      return a.score < b.score || (a.score == b.score && a.left > b.left);
    }
  };
  using Queue = std::priority_queue<Bigram, std::vector<Bigram>, LowerPriority>;

  std::optional<TokenId> mergeable(const std::string& text) const {
    const std::optional<TokenId> id = vocabulary_.find(text);
    if (!id) return std::nullopt;
    const TokenType type = vocabulary_.token(*id).type;
    if (type == TokenType::control || type == TokenType::unknown || type == TokenType::byte) {
      return std::nullopt;
    }
    return id;
  }

  const Vocabulary& vocabulary_;
};

// Words from the golden strings and random characters of several scripts,
// joined by runs of assorted whitespace; the same texts on every run.
std::vector<std::string> varied_texts(std::string_view family) {
  std::vector<std::string> words;
  std::string all_golden;
  for (const fixtures::GoldenCase& golden : fixtures::golden_cases(family)) {
    all_golden += golden.text;
    std::size_t start = 0;
    while (start < golden.text.size()) {
      const std::size_t end = std::min(golden.text.find(' ', start), golden.text.size());
      if (end > start) words.push_back(golden.text.substr(start, end - start));
      start = end + 1;
    }
  }
  std::uint64_t state = 42;
  const auto next = [&](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  constexpr char32_t kRangeStarts[] = {0x20, 0xC0, 0x400, 0x3040, 0x4E00, 0xAC00, 0x1F300};
  constexpr std::string_view kGaps[] = {" ", "  ", "\n", " \n ", "\t", "   "};
  std::vector<std::string> texts = {all_golden};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const std::uint64_t pieces = 1 + next(40);
    for (std::uint64_t piece = 0; piece < pieces; ++piece) {
      if (next(3) == 0) {
        const char32_t start = kRangeStarts[next(std::size(kRangeStarts))];
        for (std::uint64_t count = 1 + next(4); count > 0; --count) {
          hearth::append_utf8(text, start + static_cast<char32_t>(next(96)));
        }
      } else {
        text += words[next(words.size())];
      }
      text += kGaps[next(std::size(kGaps))];
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

class SentencePieceReference : public ::testing::TestWithParam<std::string_view> {};

TEST_P(SentencePieceReference, FastPathMatchesTheTextualAlgorithm) {
  const Tokenizer& tokenizer = fixtures::shared_tokenizer(GetParam());
  const ReferenceSentencePiece reference(tokenizer.vocabulary());
  for (const std::string& text : varied_texts(GetParam())) {
    EXPECT_EQ(tokenizer.encode(text, {.add_special = false}), reference.encode(text))
        << fixtures::printable(text);
  }
}

INSTANTIATE_TEST_SUITE_P(SentencePieceFamilies, SentencePieceReference,
                         ::testing::Values("llama-spm", "phi-3"), fixtures::family_test_name);

}  // namespace
}  // namespace hearth::tokenizer
