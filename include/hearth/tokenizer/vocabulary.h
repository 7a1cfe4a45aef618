// A model's vocabulary as its GGUF file states it (tokenizer.ggml.*).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hearth/gguf/value.h"

namespace hearth::tokenizer {

using TokenId = std::int32_t;

// tokenizer.ggml.token_type values (llama_token_type).
enum class TokenType : std::int32_t {
  undefined = 0,
  normal = 1,
  unknown = 2,
  control = 3,
  user_defined = 4,
  unused = 5,
  byte = 6,
};

// tokenizer.ggml.model: which algorithm turns text into ids.
enum class TokenizerKind {
  sentencepiece,   // "llama": BPE over scores with byte fallback
  byte_level_bpe,  // "gpt2": byte-level BPE over merges, with a pre-tokenizer
  wordpiece,       // "bert"
};

struct TokenEntry {
  std::string text;
  float score = 0.0f;
  TokenType type = TokenType::normal;
  // When this special token is matched in text, the whitespace right before
  // (lstrip) or after (rstrip) it is dropped, as llama.cpp's LSTRIP / RSTRIP
  // token attributes do (set for Phi-3's chat tokens, for instance).
  bool lstrip = false;
  bool rstrip = false;
};

struct SpecialTokenIds {
  std::optional<TokenId> bos, eos, eot, eom, unk, sep, pad, cls, mask;
};

class Vocabulary {
 public:
  // Reads tokenizer.ggml.{model,pre,tokens,scores,token_type,merges,*_token_id,
  // add_bos_token,add_eos_token,add_space_prefix,...}. Throws
  // Error(invalid_data) naming the key that is missing or malformed (e.g. an
  // out-of-range special token id), Error(unsupported) for a tokenizer model
  // hearth does not implement.
  static Vocabulary from_metadata(const gguf::Metadata& metadata);

  TokenizerKind kind() const noexcept { return kind_; }
  std::string_view model_name() const noexcept { return model_name_; }  // "llama", "gpt2", "bert"
  std::string_view pre_tokenizer() const noexcept { return pre_; }      // "qwen2", "" if absent

  std::size_t size() const noexcept { return tokens_.size(); }
  const TokenEntry& token(TokenId id) const { return tokens_.at(static_cast<std::size_t>(id)); }
  std::optional<TokenId> find(std::string_view text) const noexcept;

  // BPE merge rank of the pair (left, right); nullopt when they never merge.
  std::optional<std::int32_t> merge_rank(std::string_view left, std::string_view right) const;

  const SpecialTokenIds& special() const noexcept { return special_; }
  bool add_bos() const noexcept { return add_bos_; }
  bool add_eos() const noexcept { return add_eos_; }
  bool add_space_prefix() const noexcept { return add_space_prefix_; }
  // WordPiece only: end the sequence with SEP (tokenizer.ggml.add_sep_token).
  bool add_sep() const noexcept { return add_sep_; }
  // WordPiece only: BERT's normalizer options
  // (tokenizer.ggml.normalizer.{lowercase,strip_accents}).
  bool lowercase() const noexcept { return lowercase_; }
  bool strip_accents() const noexcept { return strip_accents_; }

  // Control, user-defined and unknown tokens, longest first: the tokens
  // matched in input text (user-defined ones always, the others when special
  // tokens are parsed).
  const std::vector<TokenId>& special_token_ids() const noexcept { return special_by_length_; }

 private:
  // Lets find() and merge_rank() look up string_views without building a
  // std::string per lookup (the tokenizers' inner loops).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  using MergePair = std::pair<std::string_view, std::string_view>;
  struct MergeHash {
    using is_transparent = void;
    std::size_t operator()(const MergePair& pair) const noexcept {
      // boost::hash_combine's mixing of the two halves.
      const std::size_t left = std::hash<std::string_view>{}(pair.first);
      return left ^ (std::hash<std::string_view>{}(pair.second) + 0x9e3779b97f4a7c15ULL +
                     (left << 6) + (left >> 2));
    }
    std::size_t operator()(const std::pair<std::string, std::string>& pair) const noexcept {
      return (*this)(MergePair(pair.first, pair.second));
    }
  };
  struct MergeEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const noexcept {
      return std::string_view(a.first) == std::string_view(b.first) &&
             std::string_view(a.second) == std::string_view(b.second);
    }
  };

  // from_metadata's steps, in order.
  void load_tokens(const gguf::Metadata& metadata);
  void load_merges(const gguf::Metadata& metadata);
  void load_special_ids(const gguf::Metadata& metadata);
  void load_flags(const gguf::Metadata& metadata);
  void mark_end_of_generation_tokens();
  void index_special_tokens(const gguf::Metadata& metadata);

  TokenizerKind kind_ = TokenizerKind::sentencepiece;
  std::string model_name_;
  std::string pre_;
  std::vector<TokenEntry> tokens_;
  std::unordered_map<std::string, TokenId, TextHash, std::equal_to<>> ids_by_text_;
  std::unordered_map<std::pair<std::string, std::string>, std::int32_t, MergeHash, MergeEqual>
      merge_ranks_;
  SpecialTokenIds special_;
  bool add_bos_ = false;
  bool add_eos_ = false;
  bool add_space_prefix_ = false;
  bool add_sep_ = false;
  bool lowercase_ = true;
  bool strip_accents_ = true;
  std::vector<TokenId> special_by_length_;
};

}  // namespace hearth::tokenizer
