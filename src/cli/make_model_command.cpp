// `hearth make-model`: a random-weight model with a real shape and tokenizer,
// for tests, benchmarks and trying hearth without downloading anything.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "byte_size.h"
#include "hearth/model/presets.h"
#include "hearth/model/synthetic_model.h"
#include "hearth/model/weight_format.h"
#include "hearth/util/error.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct MakeModelOptions {
  std::string preset = "tiny";
  std::string type = "F16";
  std::string vocabulary;
  std::string output;
  std::string name;
  std::uint64_t seed = 0;
  std::optional<std::uint32_t> layers;
  std::optional<std::uint32_t> context_length;
  unsigned threads = 0;
  bool list_presets = false;
};

void print_presets() {
  for (const model::ModelPreset& preset : model::all_presets()) {
    fmt::print("{:<14} {} (tokenizer: {})\n", preset.name, preset.summary, preset.vocabulary);
  }
}

// Creates the folder the model goes into before any weights are generated, so
// a bad path fails at once instead of after minutes of quantizing.
void prepare_output_folder(const std::filesystem::path& output) {
  const std::filesystem::path folder = output.parent_path();
  if (folder.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) raise(ErrorKind::io, "cannot create folder {}: {}", folder.string(), error.message());
}

int run_make_model(const MakeModelOptions& options) {
  if (options.list_presets) {
    print_presets();
    return kExitOk;
  }
  if (options.output.empty() || options.vocabulary.empty()) {
    fmt::print(stderr, "hearth make-model: --output and --vocab are required\n");
    return kExitUsage;
  }
  const model::ModelPreset* preset = model::find_preset(options.preset);
  if (preset == nullptr) {
    fmt::print(stderr, "hearth make-model: unknown preset '{}'; presets: {}\n", options.preset,
               fmt::join(model::preset_names(), ", "));
    return kExitUsage;
  }
  const std::optional<model::WeightFormat> format = model::weight_format_from_name(options.type);
  if (!format) {
    std::vector<std::string_view> names;
    for (model::WeightFormat known : model::all_weight_formats()) {
      names.push_back(model::weight_format_name(known));
    }
    fmt::print(stderr, "hearth make-model: unknown type '{}'; types: {}\n", options.type,
               fmt::join(names, ", "));
    return kExitUsage;
  }

  model::SyntheticModelSpec spec = model::make_synthetic_spec(*preset, options.vocabulary);
  spec.weight_format = *format;
  spec.seed = options.seed;
  spec.threads = options.threads;
  spec.name = options.name.empty() ? fmt::format("{} {} (random weights)", preset->name,
                                                 model::weight_format_name(*format))
                                   : options.name;
  if (options.layers) spec.hyperparameters.n_layer = *options.layers;
  if (options.context_length) spec.hyperparameters.context_length = *options.context_length;

  prepare_output_folder(options.output);
  const auto started = std::chrono::steady_clock::now();
  model::write_synthetic_model(spec, options.output);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  fmt::print("wrote {} ({}, {}) in {:.1f} s\n", options.output, preset->name,
             model::weight_format_name(*format), elapsed.count());
  return kExitOk;
}

}  // namespace

Subcommand add_make_model_command(CLI::App& parent) {
  auto options = std::make_shared<MakeModelOptions>();
  CLI::App* app = parent.add_subcommand(
      "make-model", "Write a random-weight GGUF model with a real shape and a real tokenizer");
  app->add_option("--preset", options->preset, "Model shape (see --list-presets)")
      ->capture_default_str();
  app->add_option("--type", options->type,
                  "Weight type: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K or Q4_K_M")
      ->capture_default_str();
  app->add_option("--vocab", options->vocabulary,
                  "A GGUF file whose tokenizer the model gets (e.g. shared/vocab/*.gguf)");
  app->add_option("-o,--output", options->output, "Where to write the .gguf file");
  app->add_option("--name", options->name, "general.name (default: preset and type)");
  app->add_option("--seed", options->seed, "Random seed; the same seed gives the same file")
      ->capture_default_str();
  app->add_option("--layers", options->layers, "Override the preset's layer count")
      ->check(CLI::Range(1u, 1024u));
  app->add_option("--context-length", options->context_length,
                  "Override the preset's training context length")
      ->check(CLI::Range(1u, 1u << 24));
  app->add_option("--threads", options->threads, "Quantization threads (0: all cores)");
  app->add_flag("--list-presets", options->list_presets, "List the presets and exit");
  return {app, [options] { return run_make_model(*options); }};
}

}  // namespace hearth::cli
