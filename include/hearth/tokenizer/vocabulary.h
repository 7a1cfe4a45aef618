// A model's vocabulary as its GGUF file states it (tokenizer.ggml.*).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

  // Control, user-defined and unknown tokens that are matched in input text
  // when special tokens are parsed, longest first.
  const std::vector<TokenId>& special_token_ids() const noexcept { return special_by_length_; }

 private:
  TokenizerKind kind_ = TokenizerKind::sentencepiece;
  std::string model_name_;
  std::string pre_;
  std::vector<TokenEntry> tokens_;
  std::unordered_map<std::string, TokenId> ids_by_text_;
  // Key: left + ' ' + right, as GGUF stores merges.
  std::unordered_map<std::string, std::int32_t> merge_ranks_;
  SpecialTokenIds special_;
  bool add_bos_ = false;
  bool add_eos_ = false;
  bool add_space_prefix_ = false;
  std::vector<TokenId> special_by_length_;
};

}  // namespace hearth::tokenizer
