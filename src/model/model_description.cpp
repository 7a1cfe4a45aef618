#include "hearth/model/model_description.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string_view>

#include "hearth/model/file_type.h"
#include "hearth/model/metadata_keys.h"

namespace hearth::model {
namespace {

constexpr std::uint64_t kKvCacheBytesPerValue = 2;  // F16

// Products of untrusted counts: nullopt instead of a wrapped-around number.
std::optional<std::uint64_t> checked_product(std::initializer_list<std::uint64_t> factors) {
  std::uint64_t product = 1;
  for (std::uint64_t factor : factors) {
    if (__builtin_mul_overflow(product, factor, &product)) return std::nullopt;
  }
  return product;
}

std::optional<std::string> string_value(const gguf::Metadata& metadata, std::string_view key) {
  if (std::optional<std::string_view> text = metadata.get_string(key)) return std::string(*text);
  return std::nullopt;
}

void describe_tensors(const gguf::File& file, ModelDescription& description) {
  std::map<tensor::TensorType, TensorTypeUsage> usage_by_type;
  for (const gguf::TensorInfo& tensor : file.tensors()) {
    TensorTypeUsage& usage = usage_by_type[tensor.type];
    usage.type = tensor.type;
    ++usage.tensor_count;
    usage.element_count += tensor.element_count();
    usage.bytes += tensor.size_bytes;
    description.parameter_count += tensor.element_count();
    description.memory.weight_bytes += tensor.size_bytes;
  }
  description.tensor_count = file.tensors().size();
  for (const auto& [type, usage] : usage_by_type) description.tensor_types.push_back(usage);
  std::sort(description.tensor_types.begin(), description.tensor_types.end(),
            [](const TensorTypeUsage& a, const TensorTypeUsage& b) {
              if (a.tensor_count != b.tensor_count) return a.tensor_count > b.tensor_count;
              if (a.bytes != b.bytes) return a.bytes > b.bytes;
              return a.type < b.type;
            });
}

void describe_shape(const gguf::Metadata& metadata, std::string_view architecture,
                    ModelDescription& description) {
  auto count = [&](std::string_view suffix) {
    return metadata.get_uint(keys::architecture_key(architecture, suffix));
  };
  auto real = [&](std::string_view suffix) {
    return metadata.get_double(keys::architecture_key(architecture, suffix));
  };
  description.context_length = count(keys::context_length);
  description.embedding_length = count(keys::embedding_length);
  description.layer_count = count(keys::block_count);
  description.head_count = count(keys::head_count);
  description.head_count_kv = count(keys::head_count_kv);
  if (!description.head_count_kv) description.head_count_kv = description.head_count;
  description.head_dim = count(keys::key_length);
  if (!description.head_dim && description.embedding_length && description.head_count &&
      *description.head_count != 0 &&
      *description.embedding_length % *description.head_count == 0) {
    description.head_dim = *description.embedding_length / *description.head_count;
  }
  description.feed_forward_length = count(keys::feed_forward_length);
  description.rms_norm_eps = real(keys::rms_norm_epsilon);

  RopeDescription& rope = description.rope;
  rope.freq_base = real(keys::rope_freq_base);
  rope.dimension_count = count(keys::rope_dimension_count);
  rope.scaling_type =
      string_value(metadata, keys::architecture_key(architecture, keys::rope_scaling_type));
  rope.scaling_factor = real(keys::rope_scaling_factor);
  rope.scaling_original_context_length = count(keys::rope_scaling_original_context_length);
}

void describe_tokenizer(const gguf::Metadata& metadata, ModelDescription& description) {
  description.tokenizer_model = string_value(metadata, keys::tokenizer_model);
  description.tokenizer_pre = string_value(metadata, keys::tokenizer_pre);
  const gguf::Array* tokens = metadata.get_array(keys::tokenizer_tokens);
  if (tokens != nullptr) description.vocabulary_size = tokens->items.size();

  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kSpecialRoles = {{
      {"bos", keys::bos_token_id},
      {"eos", keys::eos_token_id},
      {"unk", keys::unknown_token_id},
      {"sep", keys::separator_token_id},
      {"pad", keys::padding_token_id},
      {"cls", keys::cls_token_id},
      {"mask", keys::mask_token_id},
      {"eot", keys::eot_token_id},
      {"eom", keys::eom_token_id},
  }};
  for (const auto& [role, key] : kSpecialRoles) {
    const std::optional<std::int64_t> id = metadata.get_int(key);
    if (!id) continue;
    SpecialToken token{std::string(role), *id, std::nullopt};
    if (tokens != nullptr && *id >= 0 && static_cast<std::uint64_t>(*id) < tokens->items.size()) {
      if (const std::string* text = tokens->items[static_cast<std::size_t>(*id)].as_string()) {
        token.text = *text;
      }
    }
    description.special_tokens.push_back(std::move(token));
  }
  description.add_bos = metadata.get_bool(keys::tokenizer_add_bos);
  description.add_eos = metadata.get_bool(keys::tokenizer_add_eos);
  description.has_chat_template = metadata.contains(keys::tokenizer_chat_template);
}

void estimate_memory(const gguf::Metadata& metadata, std::string_view architecture,
                     std::optional<std::uint64_t> context_length, ModelDescription& description) {
  MemoryEstimate& memory = description.memory;
  memory.context_length = context_length ? context_length : description.context_length;
  if (architecture.empty()) return;
  const std::optional<std::uint64_t> value_length =
      metadata.get_uint(keys::architecture_key(architecture, keys::value_length));
  const std::optional<std::uint64_t> key_dim = description.head_dim;
  const std::optional<std::uint64_t> value_dim = value_length ? value_length : key_dim;
  if (memory.context_length && description.layer_count && description.head_count_kv && key_dim &&
      value_dim && *key_dim <= std::numeric_limits<std::uint64_t>::max() - *value_dim) {
    memory.kv_cache_bytes =
        checked_product({*description.layer_count, *memory.context_length,
                         *description.head_count_kv, *key_dim + *value_dim, kKvCacheBytesPerValue});
  }
  if (memory.kv_cache_bytes &&
      *memory.kv_cache_bytes <= std::numeric_limits<std::uint64_t>::max() - memory.weight_bytes) {
    memory.total_bytes = memory.weight_bytes + *memory.kv_cache_bytes;
  }
}

}  // namespace

ModelDescription describe_model(const gguf::File& file,
                                std::optional<std::uint64_t> context_length) {
  const gguf::Metadata& metadata = file.metadata();
  ModelDescription description;
  description.architecture = string_value(metadata, keys::general_architecture);
  description.name = string_value(metadata, keys::general_name);
  description.gguf_version = file.version();
  description.file_bytes = file.file_size();
  if (std::optional<std::uint64_t> file_type = metadata.get_uint(keys::general_file_type);
      file_type && *file_type <= std::numeric_limits<std::uint32_t>::max()) {
    description.file_type = static_cast<std::uint32_t>(*file_type);
    if (std::optional<std::string_view> name = llama_file_type_name(*description.file_type)) {
      description.file_type_name = std::string(*name);
    }
  }
  if (std::optional<std::uint64_t> version = metadata.get_uint(keys::general_quantization_version);
      version && *version <= std::numeric_limits<std::uint32_t>::max()) {
    description.quantization_version = static_cast<std::uint32_t>(*version);
  }

  describe_tensors(file, description);
  const std::string architecture = description.architecture.value_or("");
  if (!architecture.empty()) describe_shape(metadata, architecture, description);
  describe_tokenizer(metadata, description);
  estimate_memory(metadata, architecture, context_length, description);
  return description;
}

}  // namespace hearth::model
