#include "hearth/model/hyperparameters.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "hearth/model/metadata_keys.h"
#include "hearth/model/tensor_layout.h"
#include "hearth/model/tokenizer_metadata.h"
#include "hearth/util/error.h"

namespace hearth::model {
namespace {

// Reads "<arch>.<suffix>" keys, throwing for a key that is present but unusable
// so that a corrupt file is reported where it is wrong, not where it bites.
class ArchitectureKeys {
 public:
  ArchitectureKeys(const gguf::Metadata& metadata, std::string_view architecture)
      : metadata_(metadata), architecture_(architecture) {}

  std::optional<std::uint32_t> optional_count(std::string_view suffix) const {
    const std::string key = keys::architecture_key(architecture_, suffix);
    const gguf::Value* value = metadata_.find(key);
    if (value == nullptr) return std::nullopt;
    const std::optional<std::uint64_t> number = value->as_uint();
    if (!number) {
      raise(ErrorKind::invalid_data, "metadata key '{}' must be a non-negative integer, found {}",
            key, gguf::value_type_name(value->type()));
    }
    if (*number > std::numeric_limits<std::uint32_t>::max()) {
      raise(ErrorKind::invalid_data, "metadata key '{}' is {}, more than {}", key, *number,
            std::numeric_limits<std::uint32_t>::max());
    }
    return static_cast<std::uint32_t>(*number);
  }

  std::uint32_t required_count(std::string_view suffix) const {
    if (std::optional<std::uint32_t> count = optional_count(suffix)) return *count;
    raise(ErrorKind::invalid_data, "missing metadata key '{}'",
          keys::architecture_key(architecture_, suffix));
  }

  std::optional<float> optional_real(std::string_view suffix) const {
    const std::string key = keys::architecture_key(architecture_, suffix);
    const gguf::Value* value = metadata_.find(key);
    if (value == nullptr) return std::nullopt;
    const std::optional<double> number = value->as_double();
    if (!number) {
      raise(ErrorKind::invalid_data, "metadata key '{}' must be a number, found {}", key,
            gguf::value_type_name(value->type()));
    }
    return static_cast<float>(*number);
  }

  float required_real(std::string_view suffix) const {
    if (std::optional<float> real = optional_real(suffix)) return *real;
    raise(ErrorKind::invalid_data, "missing metadata key '{}'",
          keys::architecture_key(architecture_, suffix));
  }

 private:
  const gguf::Metadata& metadata_;
  std::string_view architecture_;
};

std::uint32_t read_vocabulary_size(const gguf::File& file, const ArchitectureKeys& arch_keys,
                                   std::string_view architecture) {
  if (std::optional<std::uint32_t> declared = arch_keys.optional_count(keys::vocab_size)) {
    return *declared;
  }
  std::optional<std::uint64_t> rows = tokenizer_token_count(file.metadata());
  if (!rows) {
    const gguf::TensorInfo* embedding = file.find_tensor(tensor_name(TensorRole::token_embedding));
    if (embedding != nullptr && embedding->shape.size() == 2) rows = embedding->shape[1];
  }
  if (!rows) {
    raise(ErrorKind::invalid_data, "cannot tell the vocabulary size: no '{}', no {} and no 2-D {}",
          keys::architecture_key(architecture, keys::vocab_size), keys::tokenizer_tokens,
          tensor_name(TensorRole::token_embedding));
  }
  if (*rows > std::numeric_limits<std::uint32_t>::max()) {
    raise(ErrorKind::invalid_data, "vocabulary of {} tokens is too large", *rows);
  }
  return static_cast<std::uint32_t>(*rows);
}

float read_rope_freq_scale(const gguf::Metadata& metadata, const ArchitectureKeys& arch_keys,
                           std::string_view architecture) {
  const std::string type_key = keys::architecture_key(architecture, keys::rope_scaling_type);
  const gguf::Value* type_value = metadata.find(type_key);
  if (type_value == nullptr) return 1.0f;
  const std::string* type = type_value->as_string();
  if (type == nullptr) {
    raise(ErrorKind::invalid_data, "metadata key '{}' must be a string, found {}", type_key,
          gguf::value_type_name(type_value->type()));
  }
  if (*type == "none") return 1.0f;
  if (*type != "linear") {
    raise(ErrorKind::unsupported, "RoPE scaling '{}' ('{}') is not supported (none, linear)", *type,
          type_key);
  }
  const float factor = arch_keys.required_real(keys::rope_scaling_factor);
  if (!std::isfinite(factor) || factor <= 0.0f) {
    raise(ErrorKind::invalid_data, "metadata key '{}' must be a positive number, got {}",
          keys::architecture_key(architecture, keys::rope_scaling_factor), factor);
  }
  return 1.0f / factor;
}

std::string supported_architecture_list() {
  std::string list;
  for (const ArchitectureTraits& traits : all_architectures()) {
    if (!list.empty()) list += ", ";
    list += traits.name;
  }
  return list;
}

}  // namespace

std::optional<std::string> find_inconsistency(const Hyperparameters& hp) {
  const std::pair<std::string_view, std::uint32_t> counts[] = {
      {"n_vocab", hp.n_vocab},
      {"context_length", hp.context_length},
      {"n_embd", hp.n_embd},
      {"n_layer", hp.n_layer},
      {"n_head", hp.n_head},
      {"n_head_kv", hp.n_head_kv},
      {"n_ff", hp.n_ff},
      {"head_dim", hp.head_dim},
      {"rope_dimension_count", hp.rope_dimension_count},
  };
  for (const auto& [field, value] : counts) {
    if (value == 0) return fmt::format("{} must be positive", field);
  }
  if (hp.n_head % hp.n_head_kv != 0) {
    return fmt::format("n_head ({}) is not a multiple of n_head_kv ({})", hp.n_head, hp.n_head_kv);
  }
  // Every projection width must fit the 32-bit fields the file stores.
  if (std::uint64_t{hp.n_head} * hp.head_dim > std::numeric_limits<std::uint32_t>::max()) {
    return fmt::format("n_head ({}) x head_dim ({}) is too large", hp.n_head, hp.head_dim);
  }
  // RoPE rotates pairs of dimensions.
  if (hp.rope_dimension_count % 2 != 0) {
    return fmt::format("rope_dimension_count ({}) must be even", hp.rope_dimension_count);
  }
  if (hp.rope_dimension_count > hp.head_dim) {
    return fmt::format("rope_dimension_count ({}) is larger than head_dim ({})",
                       hp.rope_dimension_count, hp.head_dim);
  }
  if (!std::isfinite(hp.rope_freq_base) || hp.rope_freq_base <= 0.0f) {
    return fmt::format("rope_freq_base ({}) must be a positive number", hp.rope_freq_base);
  }
  if (!std::isfinite(hp.rope_freq_scale) || hp.rope_freq_scale <= 0.0f) {
    return fmt::format("rope_freq_scale ({}) must be a positive number", hp.rope_freq_scale);
  }
  if (!std::isfinite(hp.rms_norm_eps) || hp.rms_norm_eps <= 0.0f) {
    return fmt::format("rms_norm_eps ({}) must be a positive number", hp.rms_norm_eps);
  }
  return std::nullopt;
}

Hyperparameters read_hyperparameters(const gguf::File& file) {
  const gguf::Metadata& metadata = file.metadata();
  const gguf::Value* architecture_value = metadata.find(keys::general_architecture);
  if (architecture_value == nullptr) {
    raise(ErrorKind::invalid_data, "missing metadata key '{}'", keys::general_architecture);
  }
  const std::string* architecture_name = architecture_value->as_string();
  if (architecture_name == nullptr) {
    raise(ErrorKind::invalid_data, "metadata key '{}' must be a string, found {}",
          keys::general_architecture, gguf::value_type_name(architecture_value->type()));
  }
  const std::optional<Architecture> architecture = architecture_from_name(*architecture_name);
  if (!architecture) {
    raise(ErrorKind::unsupported, "architecture '{}' is not supported (hearth runs {})",
          *architecture_name, supported_architecture_list());
  }

  const ArchitectureKeys arch_keys(metadata, *architecture_name);
  Hyperparameters hp;
  hp.architecture = *architecture;
  hp.context_length = arch_keys.required_count(keys::context_length);
  hp.n_embd = arch_keys.required_count(keys::embedding_length);
  hp.n_layer = arch_keys.required_count(keys::block_count);
  hp.n_ff = arch_keys.required_count(keys::feed_forward_length);
  hp.n_head = arch_keys.required_count(keys::head_count);
  hp.n_head_kv = arch_keys.optional_count(keys::head_count_kv).value_or(hp.n_head);
  hp.rms_norm_eps = arch_keys.required_real(keys::rms_norm_epsilon);
  hp.rope_freq_base = arch_keys.optional_real(keys::rope_freq_base).value_or(10000.0f);

  if (std::optional<std::uint32_t> key_length = arch_keys.optional_count(keys::key_length)) {
    hp.head_dim = *key_length;
  } else {
    if (hp.n_head == 0 || hp.n_embd % hp.n_head != 0) {
      raise(ErrorKind::invalid_data, "'{}' is absent and {} ({}) is not a multiple of {} ({})",
            keys::architecture_key(*architecture_name, keys::key_length),
            keys::architecture_key(*architecture_name, keys::embedding_length), hp.n_embd,
            keys::architecture_key(*architecture_name, keys::head_count), hp.n_head);
    }
    hp.head_dim = hp.n_embd / hp.n_head;
  }
  if (std::optional<std::uint32_t> value_length = arch_keys.optional_count(keys::value_length);
      value_length && *value_length != hp.head_dim) {
    raise(ErrorKind::unsupported, "value heads of {} differ from key heads of {}", *value_length,
          hp.head_dim);
  }
  hp.rope_dimension_count =
      arch_keys.optional_count(keys::rope_dimension_count).value_or(hp.head_dim);
  hp.n_vocab = read_vocabulary_size(file, arch_keys, *architecture_name);
  hp.tied_embeddings = file.find_tensor(tensor_name(TensorRole::output)) == nullptr;
  hp.rope_frequency_factors =
      file.find_tensor(tensor_name(TensorRole::rope_frequencies)) != nullptr;
  hp.rope_freq_scale = read_rope_freq_scale(metadata, arch_keys, *architecture_name);

  if (std::optional<std::string> problem = find_inconsistency(hp)) {
    raise(ErrorKind::invalid_data, "inconsistent hyperparameters: {}", *problem);
  }
  return hp;
}

void write_hyperparameters(const Hyperparameters& hp, gguf::Metadata& metadata) {
  const std::string_view architecture = architecture_name(hp.architecture);
  auto set = [&](std::string_view suffix, gguf::Value value) {
    metadata.set(keys::architecture_key(architecture, suffix), std::move(value));
  };
  metadata.set(std::string(keys::general_architecture), std::string(architecture));
  set(keys::vocab_size, hp.n_vocab);
  set(keys::context_length, hp.context_length);
  set(keys::embedding_length, hp.n_embd);
  set(keys::block_count, hp.n_layer);
  set(keys::feed_forward_length, hp.n_ff);
  set(keys::head_count, hp.n_head);
  set(keys::head_count_kv, hp.n_head_kv);
  set(keys::key_length, hp.head_dim);
  set(keys::value_length, hp.head_dim);
  set(keys::rope_dimension_count, hp.rope_dimension_count);
  set(keys::rope_freq_base, hp.rope_freq_base);
  set(keys::rms_norm_epsilon, hp.rms_norm_eps);
  if (hp.rope_freq_scale != 1.0f) {
    set(keys::rope_scaling_type, std::string("linear"));
    set(keys::rope_scaling_factor, 1.0f / hp.rope_freq_scale);
  }
}

}  // namespace hearth::model
