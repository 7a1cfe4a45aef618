// What a GGUF file holds, for `hearth inspect`: identity, shape, tokenizer,
// weight types and the memory it needs.
//
// describe_model() reads whatever the file states and leaves the rest empty:
// it accepts any valid GGUF, including tokenizer-only files and architectures
// hearth cannot run, and never throws for a missing or mistyped key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/tensor/type.h"

namespace hearth::model {

struct TensorTypeUsage {
  tensor::TensorType type;
  std::uint64_t tensor_count = 0;
  std::uint64_t element_count = 0;
  std::uint64_t bytes = 0;
};

struct SpecialToken {
  std::string role;  // "bos", "eos", "unk", "sep", "pad", "cls", "mask", "eot", "eom"
  std::int64_t id = 0;
  std::optional<std::string> text;  // absent when the id is outside the token list
};

struct RopeDescription {
  std::optional<double> freq_base;
  std::optional<std::uint64_t> dimension_count;
  std::optional<std::string> scaling_type;  // "linear", "yarn", ...
  std::optional<double> scaling_factor;
  std::optional<std::uint64_t> scaling_original_context_length;
};

struct MemoryEstimate {
  std::optional<std::uint64_t> context_length;  // the context the estimate is for
  std::uint64_t weight_bytes = 0;               // every tensor's data
  // An F16 K and V cache for context_length tokens:
  // n_layer x context x n_head_kv x (key_length + value_length) x 2 bytes.
  std::optional<std::uint64_t> kv_cache_bytes;
  std::optional<std::uint64_t> total_bytes;  // weights + KV cache
};

struct ModelDescription {
  std::optional<std::string> architecture;  // general.architecture, whatever it names
  std::optional<std::string> name;          // general.name
  std::uint32_t gguf_version = 0;
  std::uint64_t file_bytes = 0;
  std::optional<std::uint32_t> file_type;             // general.file_type
  std::optional<std::string> file_type_name;          // "Q4_K - Medium"
  std::optional<std::uint32_t> quantization_version;  // general.quantization_version

  std::uint64_t tensor_count = 0;
  std::uint64_t parameter_count = 0;  // sum of tensor elements
  // Most tensors first; ties by bytes, then by type id.
  std::vector<TensorTypeUsage> tensor_types;

  std::optional<std::uint64_t> context_length;  // as trained
  std::optional<std::uint64_t> embedding_length;
  std::optional<std::uint64_t> layer_count;
  std::optional<std::uint64_t> head_count;
  std::optional<std::uint64_t> head_count_kv;  // head_count when the file omits it
  std::optional<std::uint64_t> head_dim;       // key_length, else embedding / heads
  std::optional<std::uint64_t> feed_forward_length;
  std::optional<double> rms_norm_eps;
  RopeDescription rope;

  std::optional<std::string> tokenizer_model;  // tokenizer.ggml.model: "gpt2", "llama", ...
  std::optional<std::string> tokenizer_pre;    // tokenizer.ggml.pre: "qwen2", "llama-bpe", ...
  std::optional<std::uint64_t> vocabulary_size;
  std::vector<SpecialToken> special_tokens;  // in the role order above
  std::optional<bool> add_bos;
  std::optional<bool> add_eos;
  bool has_chat_template = false;

  MemoryEstimate memory;
};

// Describes `file`; the memory estimate is for `context_length` tokens, or
// for the model's own context length when nullopt.
ModelDescription describe_model(const gguf::File& file,
                                std::optional<std::uint64_t> context_length = std::nullopt);

}  // namespace hearth::model
