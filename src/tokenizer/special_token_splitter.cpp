#include "special_token_splitter.h"

#include <algorithm>

namespace hearth::tokenizer::detail {
namespace {

// C's isspace in the "C" locale, which is what llama.cpp strips.
bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Appends the pieces of the plain-text `text` around every occurrence of the
// special token `id`, scanning left to right as llama.cpp does.
void split_around(std::string_view text, TokenId id, const TokenEntry& entry,
                  std::vector<TextFragment>& out) {
  std::size_t start = 0;
  while (true) {
    const std::size_t match = text.find(entry.text, start);
    if (match == std::string_view::npos) break;
    std::size_t left_end = match;
    if (entry.lstrip) {
      while (left_end > start && is_ascii_space(text[left_end - 1])) --left_end;
    }
    if (left_end > start) out.push_back({std::nullopt, text.substr(start, left_end - start)});
    out.push_back({id, {}});
    start = match + entry.text.size();
    if (entry.rstrip) {
      while (start < text.size() && is_ascii_space(text[start])) ++start;
    }
  }
  if (start < text.size()) out.push_back({std::nullopt, text.substr(start)});
}

}  // namespace

SpecialTokenSplitter::SpecialTokenSplitter(const Vocabulary& vocabulary)
    : vocabulary_(vocabulary), trie_(1) {
  const std::vector<TokenId>& ids = vocabulary.special_token_ids();
  for (std::uint32_t index = 0; index < ids.size(); ++index) {
    const TokenEntry& entry = vocabulary.token(ids[index]);
    has_user_defined_ = has_user_defined_ || entry.type == TokenType::user_defined;
    can_start_[static_cast<unsigned char>(entry.text.front())] = true;
    std::uint32_t node = 0;
    for (const char c : entry.text) {
      const auto byte = static_cast<unsigned char>(c);
      std::uint32_t next = child(node, byte);
      if (next == 0) {
        next = static_cast<std::uint32_t>(trie_.size());
        trie_.emplace_back();
        auto& children = trie_[node].children;
        const auto position = std::lower_bound(
            children.begin(), children.end(), byte,
            [](const auto& edge, unsigned char value) { return edge.first < value; });
        children.insert(position, {byte, next});
      }
      node = next;
    }
    trie_[node].special_index = index;
  }
}

std::uint32_t SpecialTokenSplitter::child(std::uint32_t node, unsigned char byte) const {
  for (const auto& [edge, target] : trie_[node].children) {
    if (edge == byte) return target;
    if (edge > byte) break;
  }
  return 0;
}

bool SpecialTokenSplitter::matchable(TokenId id, bool parse_special) const {
  return parse_special || vocabulary_.token(id).type == TokenType::user_defined;
}

std::vector<bool> SpecialTokenSplitter::tokens_present(std::string_view text,
                                                       bool parse_special) const {
  const std::vector<TokenId>& ids = vocabulary_.special_token_ids();
  std::vector<bool> present;  // stays empty while nothing matched
  for (std::size_t start = 0; start < text.size(); ++start) {
    if (!can_start_[static_cast<unsigned char>(text[start])]) continue;
    std::uint32_t node = 0;
    for (std::size_t i = start; i < text.size(); ++i) {
      node = child(node, static_cast<unsigned char>(text[i]));
      if (node == 0) break;
      const std::optional<std::uint32_t> index = trie_[node].special_index;
      if (index && matchable(ids[*index], parse_special)) {
        if (present.empty()) present.resize(ids.size());
        present[*index] = true;
      }
    }
  }
  return present;
}

std::vector<TextFragment> SpecialTokenSplitter::split(std::string_view text,
                                                      bool parse_special) const {
  if (text.empty()) return {};
  std::vector<TextFragment> fragments{{std::nullopt, text}};
  if (!parse_special && !has_user_defined_) return fragments;
  const std::vector<bool> present = tokens_present(text, parse_special);
  const std::vector<TokenId>& ids = vocabulary_.special_token_ids();
  std::vector<TextFragment> next;
  for (std::size_t index = 0; index < present.size(); ++index) {
    if (!present[index]) continue;
    const TokenId id = ids[index];
    const TokenEntry& entry = vocabulary_.token(id);
    next.clear();
    for (const TextFragment& fragment : fragments) {
      if (fragment.token) {
        next.push_back(fragment);
      } else {
        split_around(fragment.text, id, entry, next);
      }
    }
    fragments.swap(next);
  }
  return fragments;
}

}  // namespace hearth::tokenizer::detail
