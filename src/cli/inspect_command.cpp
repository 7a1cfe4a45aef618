// `hearth inspect FILE`: what a GGUF model is, and what it needs to run.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "byte_size.h"
#include "hearth/gguf/file.h"
#include "hearth/model/description_json.h"
#include "hearth/model/model_description.h"
#include "model_argument.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct InspectOptions {
  std::string path;
  bool json = false;
  bool tensors = false;
  std::optional<std::uint64_t> context_length;
};

template <typename T>
std::string or_dash(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : std::string("-");
}

// GGUF stores reals as f32; printing them at float precision shows 1e-06
// rather than the 9.999999974752427e-07 the widened double would.
std::string or_dash(const std::optional<double>& value) {
  return value ? fmt::format("{}", static_cast<float>(*value)) : std::string("-");
}

std::string type_mix(const model::ModelDescription& description) {
  std::string text;
  for (const model::TensorTypeUsage& usage : description.tensor_types) {
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", tensor::type_name(usage.type), usage.tensor_count);
    if (&usage == &description.tensor_types.front()) text += " tensors";
  }
  return text.empty() ? "no tensors" : text;
}

std::string special_tokens(const model::ModelDescription& description) {
  std::string text;
  for (const model::SpecialToken& token : description.special_tokens) {
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", token.role, token.id);
    if (token.text) text += fmt::format(" {:?}", *token.text);
  }
  return text.empty() ? "-" : text;
}

std::string rope(const model::RopeDescription& rope) {
  if (!rope.freq_base && !rope.dimension_count && !rope.scaling_type) return "-";
  std::string text = fmt::format("freq base {}, dimensions {}", or_dash(rope.freq_base),
                                 or_dash(rope.dimension_count));
  if (rope.scaling_type) {
    text += fmt::format(", scaling {} x{}", *rope.scaling_type, or_dash(rope.scaling_factor));
    if (rope.scaling_original_context_length) {
      text += fmt::format(" (from {})", *rope.scaling_original_context_length);
    }
  }
  return text;
}

std::string yes_no(std::optional<bool> value) {
  if (!value) return "-";
  return *value ? "yes" : "no";
}

void print_text(const model::ModelDescription& d, const gguf::File& file, bool with_tensors) {
  const auto line = [](std::string_view label, const std::string& value) {
    fmt::print("  {:<16} {}\n", label, value);
  };
  line("architecture", d.architecture.value_or("-"));
  line("name", d.name.value_or("-"));
  line("gguf version", fmt::format("{}", d.gguf_version));
  line("file size", fmt::format("{} ({} bytes)", format_bytes(d.file_bytes), d.file_bytes));
  line("file type", d.file_type_name.value_or(or_dash(d.file_type)));
  line("parameters", fmt::format("{} ({})", format_count(d.parameter_count), d.parameter_count));
  line("tensor types", type_mix(d));
  line("context length", or_dash(d.context_length));
  line("embedding", or_dash(d.embedding_length));
  line("layers", or_dash(d.layer_count));
  line("heads", fmt::format("{} (KV heads {}, head dim {})", or_dash(d.head_count),
                            or_dash(d.head_count_kv), or_dash(d.head_dim)));
  line("feed-forward", or_dash(d.feed_forward_length));
  line("rms norm eps", or_dash(d.rms_norm_eps));
  line("rope", rope(d.rope));
  line("tokenizer", fmt::format("{} (pre-tokenizer {}), {} tokens", d.tokenizer_model.value_or("-"),
                                d.tokenizer_pre.value_or("-"), or_dash(d.vocabulary_size)));
  line("special tokens", special_tokens(d));
  line("add bos / eos", fmt::format("{} / {}", yes_no(d.add_bos), yes_no(d.add_eos)));
  line("chat template", d.has_chat_template ? "yes" : "no");
  if (d.memory.kv_cache_bytes && d.memory.total_bytes) {
    line("memory",
         fmt::format("{} at context {}: weights {} + KV cache {} (F16)",
                     format_bytes(*d.memory.total_bytes), or_dash(d.memory.context_length),
                     format_bytes(d.memory.weight_bytes), format_bytes(*d.memory.kv_cache_bytes)));
  } else {
    line("memory", fmt::format("weights {}", format_bytes(d.memory.weight_bytes)));
  }

  if (!with_tensors) return;
  fmt::print("\n  {:<40} {:<24} {:<8} {:>14} {:>12}\n", "tensor", "shape", "type", "offset",
             "bytes");
  for (const gguf::TensorInfo& tensor : file.tensors()) {
    fmt::print("  {:<40} {:<24} {:<8} {:>14} {:>12}\n", tensor.name,
               fmt::format("[{}]", fmt::join(tensor.shape, ", ")), tensor::type_name(tensor.type),
               file.data_offset() + tensor.offset, tensor.size_bytes);
  }
}

void print_json(const model::ModelDescription& description, const gguf::File& file,
                bool with_tensors) {
  nlohmann::json json = model::to_json(description);
  if (with_tensors) {
    nlohmann::json tensors = nlohmann::json::array();
    for (const gguf::TensorInfo& tensor : file.tensors()) {
      tensors.push_back({{"name", tensor.name},
                         {"shape", tensor.shape},
                         {"type", tensor::type_name(tensor.type)},
                         {"offset", file.data_offset() + tensor.offset},
                         {"bytes", tensor.size_bytes}});
    }
    json["tensors"] = std::move(tensors);
  }
  fmt::print("{}\n", json.dump(2));
}

int run_inspect(const InspectOptions& options) {
  const gguf::File file = gguf::File::open(options.path);
  const model::ModelDescription description = model::describe_model(file, options.context_length);
  if (options.json) {
    print_json(description, file, options.tensors);
  } else {
    fmt::print("{}\n", options.path);
    print_text(description, file, options.tensors);
  }
  return kExitOk;
}

}  // namespace

Subcommand add_inspect_command(CLI::App& parent) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* app = parent.add_subcommand(
      "inspect", "Validate a GGUF model file and describe what it holds and needs");
  add_model_argument(*app, "file", options->path, "The .gguf file");
  app->add_flag("--json", options->json, "Print one JSON object instead of text");
  app->add_flag("--tensors", options->tensors, "Also list every tensor: shape, type, offset");
  app->add_option("--ctx", options->context_length,
                  "Context length for the memory estimate (default: the model's own)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
  return {app, [options] { return run_inspect(*options); }};
}

}  // namespace hearth::cli
