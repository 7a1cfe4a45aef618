#include "hearth/model/tokenizer_metadata.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "hearth/model/metadata_keys.h"
#include "hearth/util/error.h"

namespace hearth::model {
namespace {

// SentencePiece vocabularies number their padding from 1 and give it a score;
// byte-level BPE ones name each pad after its token id.
bool is_sentencepiece(const gguf::Metadata& metadata) noexcept {
  return metadata.get_string(keys::tokenizer_model) == std::optional<std::string_view>("llama");
}

constexpr float kPaddingScore = -1000.0f;

const gguf::Array& per_token_array(const gguf::KeyValue& entry, gguf::ValueType element_type,
                                   std::uint64_t token_count) {
  const gguf::Array* array = entry.value.as_array();
  if (array == nullptr || array->element_type != element_type) {
    raise(ErrorKind::invalid_data, "tokenizer key '{}' must be an array of {}", entry.key,
          gguf::value_type_name(element_type));
  }
  if (array->items.size() != token_count) {
    raise(ErrorKind::invalid_data, "tokenizer key '{}' has {} entries for {} tokens", entry.key,
          array->items.size(), token_count);
  }
  return *array;
}

gguf::Array padded(const gguf::Array& array, std::uint64_t n_vocab, auto make_padding) {
  gguf::Array result = array;
  const std::uint64_t first_pad = result.items.size();
  result.items.reserve(n_vocab);
  for (std::uint64_t id = first_pad; id < n_vocab; ++id) {
    result.items.push_back(make_padding(id, id - first_pad + 1));
  }
  return result;
}

}  // namespace

std::optional<std::uint64_t> tokenizer_token_count(const gguf::Metadata& metadata) noexcept {
  const gguf::Array* tokens = metadata.get_array(keys::tokenizer_tokens);
  if (tokens == nullptr) return std::nullopt;
  return tokens->items.size();
}

void copy_tokenizer_metadata(const gguf::Metadata& source, std::uint64_t n_vocab,
                             gguf::Metadata& destination) {
  const std::optional<std::uint64_t> token_count = tokenizer_token_count(source);
  if (!token_count) {
    raise(ErrorKind::invalid_data, "the vocabulary has no token list ('{}')",
          keys::tokenizer_tokens);
  }
  if (n_vocab < *token_count) {
    raise(ErrorKind::invalid_argument,
          "the model's vocabulary ({} rows) is smaller than the tokenizer's ({} tokens)", n_vocab,
          *token_count);
  }
  const bool sentencepiece = is_sentencepiece(source);

  for (const gguf::KeyValue& entry : source.entries()) {
    if (!entry.key.starts_with(keys::tokenizer_prefix)) continue;
    if (entry.key == keys::tokenizer_tokens) {
      const gguf::Array& tokens = per_token_array(entry, gguf::ValueType::string, *token_count);
      destination.set(entry.key,
                      padded(tokens, n_vocab, [&](std::uint64_t id, std::uint64_t ordinal) {
                        return gguf::Value(fmt::format("[PAD{}]", sentencepiece ? ordinal : id));
                      }));
    } else if (entry.key == keys::tokenizer_token_type) {
      const gguf::Array& types = per_token_array(entry, gguf::ValueType::int32, *token_count);
      destination.set(entry.key, padded(types, n_vocab, [](std::uint64_t, std::uint64_t) {
                        return gguf::Value(kUnusedTokenType);
                      }));
    } else if (entry.key == keys::tokenizer_scores) {
      const gguf::Array& scores = per_token_array(entry, gguf::ValueType::float32, *token_count);
      destination.set(entry.key, padded(scores, n_vocab, [](std::uint64_t, std::uint64_t) {
                        return gguf::Value(kPaddingScore);
                      }));
    } else {
      destination.set(entry.key, entry.value);
    }
  }
}

}  // namespace hearth::model
