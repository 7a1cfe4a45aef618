#include "hearth/model/description_json.h"

#include <nlohmann/json.hpp>

namespace hearth::model {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const ModelDescription& description) {
  nlohmann::json tensor_types = nlohmann::json::array();
  for (const TensorTypeUsage& usage : description.tensor_types) {
    tensor_types.push_back({{"type", tensor::type_name(usage.type)},
                            {"tensors", usage.tensor_count},
                            {"elements", usage.element_count},
                            {"bytes", usage.bytes}});
  }
  nlohmann::json special_tokens = nlohmann::json::array();
  for (const SpecialToken& token : description.special_tokens) {
    special_tokens.push_back(
        {{"role", token.role}, {"id", token.id}, {"text", optional_json(token.text)}});
  }
  const RopeDescription& rope = description.rope;
  const MemoryEstimate& memory = description.memory;
  return {
      {"architecture", optional_json(description.architecture)},
      {"name", optional_json(description.name)},
      {"gguf_version", description.gguf_version},
      {"file_bytes", description.file_bytes},
      {"file_type", optional_json(description.file_type)},
      {"file_type_name", optional_json(description.file_type_name)},
      {"quantization_version", optional_json(description.quantization_version)},
      {"tensor_count", description.tensor_count},
      {"parameter_count", description.parameter_count},
      {"tensor_types", std::move(tensor_types)},
      {"context_length", optional_json(description.context_length)},
      {"embedding_length", optional_json(description.embedding_length)},
      {"layer_count", optional_json(description.layer_count)},
      {"head_count", optional_json(description.head_count)},
      {"head_count_kv", optional_json(description.head_count_kv)},
      {"head_dim", optional_json(description.head_dim)},
      {"feed_forward_length", optional_json(description.feed_forward_length)},
      {"rms_norm_eps", optional_json(description.rms_norm_eps)},
      {"rope",
       {{"freq_base", optional_json(rope.freq_base)},
        {"dimension_count", optional_json(rope.dimension_count)},
        {"scaling_type", optional_json(rope.scaling_type)},
        {"scaling_factor", optional_json(rope.scaling_factor)},
        {"scaling_original_context_length", optional_json(rope.scaling_original_context_length)}}},
      {"tokenizer_model", optional_json(description.tokenizer_model)},
      {"tokenizer_pre", optional_json(description.tokenizer_pre)},
      {"vocabulary_size", optional_json(description.vocabulary_size)},
      {"special_tokens", std::move(special_tokens)},
      {"add_bos", optional_json(description.add_bos)},
      {"add_eos", optional_json(description.add_eos)},
      {"has_chat_template", description.has_chat_template},
      {"memory",
       {{"context_length", optional_json(memory.context_length)},
        {"weight_bytes", memory.weight_bytes},
        {"kv_cache_bytes", optional_json(memory.kv_cache_bytes)},
        {"total_bytes", optional_json(memory.total_bytes)}}},
  };
}

}  // namespace hearth::model
