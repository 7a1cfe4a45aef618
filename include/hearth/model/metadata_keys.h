// GGUF metadata keys as llama.cpp spells them (llama-arch.cpp, LLM_KV_NAMES).
//
// Keys that belong to one architecture are written "<arch>.<suffix>", e.g.
// "qwen2.context_length"; architecture_key() builds them.
#pragma once

#include <string>
#include <string_view>

namespace hearth::model::keys {

inline constexpr std::string_view general_architecture = "general.architecture";
inline constexpr std::string_view general_name = "general.name";
inline constexpr std::string_view general_file_type = "general.file_type";
inline constexpr std::string_view general_quantization_version = "general.quantization_version";

// Suffixes after "<arch>.".
inline constexpr std::string_view vocab_size = "vocab_size";
inline constexpr std::string_view context_length = "context_length";
inline constexpr std::string_view embedding_length = "embedding_length";
inline constexpr std::string_view block_count = "block_count";
inline constexpr std::string_view feed_forward_length = "feed_forward_length";
inline constexpr std::string_view head_count = "attention.head_count";
inline constexpr std::string_view head_count_kv = "attention.head_count_kv";
inline constexpr std::string_view key_length = "attention.key_length";
inline constexpr std::string_view value_length = "attention.value_length";
inline constexpr std::string_view rms_norm_epsilon = "attention.layer_norm_rms_epsilon";
inline constexpr std::string_view rope_freq_base = "rope.freq_base";
inline constexpr std::string_view rope_dimension_count = "rope.dimension_count";
inline constexpr std::string_view rope_scaling_type = "rope.scaling.type";
inline constexpr std::string_view rope_scaling_factor = "rope.scaling.factor";
inline constexpr std::string_view rope_scaling_original_context_length =
    "rope.scaling.original_context_length";

inline constexpr std::string_view tokenizer_prefix = "tokenizer.";
inline constexpr std::string_view tokenizer_model = "tokenizer.ggml.model";
inline constexpr std::string_view tokenizer_pre = "tokenizer.ggml.pre";
inline constexpr std::string_view tokenizer_tokens = "tokenizer.ggml.tokens";
inline constexpr std::string_view tokenizer_scores = "tokenizer.ggml.scores";
inline constexpr std::string_view tokenizer_token_type = "tokenizer.ggml.token_type";
inline constexpr std::string_view tokenizer_add_bos = "tokenizer.ggml.add_bos_token";
inline constexpr std::string_view tokenizer_add_eos = "tokenizer.ggml.add_eos_token";
inline constexpr std::string_view tokenizer_chat_template = "tokenizer.chat_template";
inline constexpr std::string_view bos_token_id = "tokenizer.ggml.bos_token_id";
inline constexpr std::string_view eos_token_id = "tokenizer.ggml.eos_token_id";
inline constexpr std::string_view unknown_token_id = "tokenizer.ggml.unknown_token_id";
// llama.cpp's spelling, kept so that real files are found.
inline constexpr std::string_view separator_token_id = "tokenizer.ggml.seperator_token_id";
inline constexpr std::string_view padding_token_id = "tokenizer.ggml.padding_token_id";
inline constexpr std::string_view cls_token_id = "tokenizer.ggml.cls_token_id";
inline constexpr std::string_view mask_token_id = "tokenizer.ggml.mask_token_id";
inline constexpr std::string_view eot_token_id = "tokenizer.ggml.eot_token_id";
inline constexpr std::string_view eom_token_id = "tokenizer.ggml.eom_token_id";

// "<architecture>.<suffix>".
inline std::string architecture_key(std::string_view architecture, std::string_view suffix) {
  std::string key;
  key.reserve(architecture.size() + 1 + suffix.size());
  key.append(architecture).append(1, '.').append(suffix);
  return key;
}

}  // namespace hearth::model::keys
