#include "generation_flags.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

#include "byte_size.h"
#include "hearth/tensor/kernel_level.h"
#include "hearth/tensor/type.h"
#include "hearth/util/cpu_features.h"
#include "model_argument.h"

namespace hearth::cli {
namespace {

// A validator for a number option: `accept` sees the parsed value, and the
// error says which range was wanted ("--top-p: must be in (0, 1], got 2").
CLI::Validator number_in(std::string range, std::function<bool(double)> accept) {
  return CLI::Validator(
      [range, accept = std::move(accept)](std::string& text) -> std::string {
        double value = 0.0;
        if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value) || !accept(value)) {
          return fmt::format("must be {}, got {}", range, text);
        }
        return {};
      },
      range);
}

double tokens_per_second(std::size_t tokens, double seconds) {
  return seconds > 0.0 ? static_cast<double>(tokens) / seconds : 0.0;
}

}  // namespace

void add_session_flags(CLI::App& app, SessionFlags& flags) {
  add_model_option(app, flags.model, "The .gguf model to run");
  app.add_option("-t,--threads", flags.threads, "Threads to compute with (default: one per core)")
      ->check(number_in("at least 1", [](double v) { return v >= 1 && v <= 4096; }));
  app.add_option("-c,--ctx", flags.context_length,
                 "Tokens the context holds (default: the model's, at most 4096)")
      ->check(number_in("between 1 and 1048576", [](double v) { return v >= 1 && v <= 1 << 20; }));
  app.add_option("--kv-type", flags.kv_cache_type, "Type of the KV cache: f16 or q8_0")
      ->capture_default_str()
      ->transform(CLI::IsMember({"f16", "q8_0"}, CLI::ignore_case));
  app.add_option("--mem-budget", flags.memory_budget,
                 "Refuse to start when the model and its cache need more than SIZE "
                 "(e.g. 512M, 4G; default: the memory available now)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            const std::optional<std::uint64_t> bytes = parse_byte_size(text);
            if (!bytes || *bytes == 0) {
              return fmt::format("must be a size such as 4096, 512M or 1.5G, got {}", text);
            }
            return {};
          },
          "SIZE"));
  app.add_option("-b,--batch", flags.batch_size, "Prompt tokens per forward pass")
      ->capture_default_str()
      ->check(number_in("between 1 and 65536", [](double v) { return v >= 1 && v <= 65536; }));
}

engine::SessionOptions session_options(const SessionFlags& flags) {
  engine::SessionOptions options;
  options.context_length = flags.context_length;
  options.kv_cache_type =
      flags.kv_cache_type == "q8_0" ? tensor::TensorType::q8_0 : tensor::TensorType::f16;
  options.threads = static_cast<unsigned>(flags.threads);
  options.batch_size = flags.batch_size;
  if (flags.memory_budget) options.memory_budget = parse_byte_size(*flags.memory_budget);
  return options;
}

void add_generation_flags(CLI::App& app, GenerationFlags& flags) {
  sampling::SamplingParams& params = flags.sampling;
  app.add_option("-n,--n-predict", flags.max_tokens,
                 "Tokens to generate at most; -1: until the context is full")
      ->capture_default_str()
      ->check(number_in("-1 or more", [](double v) { return v >= -1 && v <= 2147483647; }));
  app.add_option("--temp", params.temperature, "Temperature; 0: greedy, always the likeliest token")
      ->capture_default_str()
      ->check(number_in("a finite number", [](double) { return true; }));
  app.add_option("--top-k", params.top_k, "Keep the K likeliest tokens; 0: off")
      ->capture_default_str();
  app.add_option("--top-p", params.top_p,
                 "Keep the likeliest tokens whose probabilities add up to P; 1: off")
      ->capture_default_str()
      ->check(number_in("in (0, 1]", [](double v) { return v > 0 && v <= 1; }));
  app.add_option("--min-p", params.min_p,
                 "Drop tokens less than P times as likely as the best; 0: off")
      ->capture_default_str()
      ->check(number_in("in [0, 1]", [](double v) { return v >= 0 && v <= 1; }));
  app.add_option("--repeat-penalty", params.repeat_penalty,
                 "Divide the positive logits of recent tokens by this; 1: off")
      ->capture_default_str()
      ->check(number_in("above 0", [](double v) { return v > 0; }));
  app.add_option("--repeat-last-n", params.penalty_last_n,
                 "Recent tokens the penalties look at; 0: off, -1: all")
      ->capture_default_str()
      ->check(number_in("-1 or more", [](double v) { return v >= -1 && v <= 2147483647; }));
  app.add_option("--frequency-penalty", params.frequency_penalty,
                 "Subtract this times a token's count so far")
      ->capture_default_str()
      ->check(number_in("in [-2, 2]", [](double v) { return v >= -2 && v <= 2; }));
  app.add_option("--presence-penalty", params.presence_penalty,
                 "Subtract this from every token seen so far")
      ->capture_default_str()
      ->check(number_in("in [-2, 2]", [](double v) { return v >= -2 && v <= 2; }));
  app.add_option("-s,--seed", flags.seed,
                 "Seed of the sampler, for reproducible output (default: random)");
  app.add_option("--stop", flags.stop, "End when the text contains STR (repeatable)")
      ->type_size(1)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--ignore-eos", flags.ignore_eos, "Keep generating past end-of-text tokens");
  app.add_flag("--stats", flags.stats, "Print token counts, speeds and finish reason on stderr");
  app.add_flag("--verbose", flags.verbose, "Print the model, session setup and --stats on stderr");
  // A backstop for anything the per-option checks let through: the sampler's
  // own rule, reported before the model is loaded.
  app.parse_complete_callback([&params] {
    const std::string invalid = sampling::find_invalid_parameter(params);
    if (!invalid.empty()) throw CLI::ValidationError(invalid);
  });
}

engine::GenerationOptions generation_options(GenerationFlags& flags) {
  if (!flags.seed) flags.seed = std::random_device{}();
  engine::GenerationOptions options;
  options.max_tokens = flags.max_tokens;
  options.sampling = flags.sampling;
  options.sampling.seed = *flags.seed;
  options.stop = flags.stop;
  options.ignore_eos = flags.ignore_eos;
  return options;
}

void print_session_summary(const engine::Session& session, const GenerationFlags& flags) {
  const engine::Model& model = session.model();
  fmt::print(stderr, "hearth: model {} ({}, {}, {} parameters)\n", model.name(), model.type_name(),
             format_bytes(model.weight_bytes()), format_count(model.parameter_count()));
  fmt::print(stderr,
             "hearth: context {} tokens, {} threads, {} kernels ({}), memory {} (KV cache {})\n",
             session.context_length(), session.threads(),
             tensor::kernel_level_name(session.kernel_level()), cpu_features().describe(),
             format_bytes(session.memory_plan().total_bytes()),
             format_bytes(session.memory_plan().kv_cache_bytes));
  if (flags.seed) fmt::print(stderr, "hearth: seed {}\n", *flags.seed);
}

void print_generation_stats(const engine::GenerationResult& result) {
  const engine::GenerationStats& stats = result.stats;
  const std::size_t computed = stats.prompt_tokens - stats.cached_prompt_tokens;
  fmt::print(stderr, "hearth: prompt {} tokens ({} cached), {:.3f} s, {:.2f} t/s\n",
             stats.prompt_tokens, stats.cached_prompt_tokens, stats.prompt_seconds,
             tokens_per_second(computed, stats.prompt_seconds));
  fmt::print(stderr, "hearth: generated {} tokens, {:.3f} s, {:.2f} t/s\n", stats.completion_tokens,
             stats.generation_seconds,
             tokens_per_second(stats.completion_tokens, stats.generation_seconds));
  fmt::print(stderr, "hearth: finish reason {}\n",
             engine::finish_reason_name(result.finish_reason));
}

void write_streamed(std::string_view text) {
  if (text.empty()) return;
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace hearth::cli
