// `hearth bench -m FILE.gguf`: prompt-processing and generation speed, measured
// the way llama-bench measures them so the figures can be compared.
//
// Prompt processing (ppN) evaluates N random tokens in one append on an empty
// session; generation (tgN) evaluates N tokens one append at a time, the
// first being BOS, as decoding does. Each test runs once to warm up (page in
// the weights, size the buffers), then --repetitions times; the table shows
// the median and the standard deviation of the tokens per second.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "byte_size.h"
#include "hearth/engine/model.h"
#include "hearth/engine/session.h"
#include "hearth/model/architecture.h"
#include "hearth/tensor/kernel_level.h"
#include "hearth/util/cpu_features.h"
#include "hearth/util/thread_pool.h"
#include "model_argument.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct BenchOptions {
  std::string model;
  std::vector<int> prompt_sizes = {512};
  std::vector<int> generation_sizes = {128};
  int repetitions = 5;
  std::vector<int> threads;                 // empty: default_thread_count()
  std::vector<std::string> kernels;         // empty: the best the processor runs
  std::optional<std::uint32_t> batch_size;  // unset: the whole prompt in one batch
  std::string kv_cache_type = "f16";
  bool json = false;
};

enum class TestKind { prompt, generation };

struct BenchResult {
  TestKind kind;
  int tokens;
  unsigned threads;
  tensor::KernelLevel kernel;
  std::uint32_t batch_size;
  std::vector<double> samples;  // tokens per second, one per repetition
};

struct Summary {
  double median = 0.0;
  double min = 0.0;
  double max = 0.0;
  double stddev = 0.0;  // sample standard deviation (n - 1); 0 for one sample
};

Summary summarize(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  Summary summary;
  summary.min = samples.front();
  summary.max = samples.back();
  summary.median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
  if (n > 1) {
    double mean = 0.0;
    for (double sample : samples) mean += sample;
    mean /= static_cast<double>(n);
    double squares = 0.0;
    for (double sample : samples) squares += (sample - mean) * (sample - mean);
    summary.stddev = std::sqrt(squares / static_cast<double>(n - 1));
  }
  return summary;
}

std::string test_name(const BenchResult& result) {
  return fmt::format("{}{}", result.kind == TestKind::prompt ? "pp" : "tg", result.tokens);
}

class Benchmark {
 public:
  Benchmark(std::shared_ptr<const engine::Model> model, const BenchOptions& options)
      : model_(std::move(model)), options_(options) {}

  BenchResult run(TestKind kind, int tokens, unsigned threads, tensor::KernelLevel kernel) {
    engine::SessionOptions session_options;
    session_options.context_length = static_cast<std::uint32_t>(tokens);
    session_options.kv_cache_type =
        options_.kv_cache_type == "q8_0" ? tensor::TensorType::q8_0 : tensor::TensorType::f16;
    session_options.threads = threads;
    session_options.kernel_level = kernel;
    session_options.batch_size =
        kind == TestKind::prompt ? options_.batch_size.value_or(static_cast<std::uint32_t>(tokens))
                                 : 1;
    engine::Session session(model_, session_options);

    BenchResult result{kind, tokens, session.threads(), kernel, session_options.batch_size, {}};
    // The first run pages the weights in and sizes the buffers; it is not counted.
    for (int repetition = -1; repetition < options_.repetitions; ++repetition) {
      const double seconds = kind == TestKind::prompt ? time_prompt(session, tokens)
                                                      : time_generation(session, tokens);
      if (repetition >= 0) result.samples.push_back(static_cast<double>(tokens) / seconds);
    }
    return result;
  }

 private:
  using Clock = std::chrono::steady_clock;

  tokenizer::TokenId random_token() {
    std::uniform_int_distribution<tokenizer::TokenId> pick(
        0, static_cast<tokenizer::TokenId>(model_->hyperparameters().n_vocab) - 1);
    return pick(random_);
  }

  double time_prompt(engine::Session& session, int tokens) {
    std::vector<tokenizer::TokenId> prompt(static_cast<std::size_t>(tokens));
    for (tokenizer::TokenId& token : prompt) token = random_token();
    session.reset();
    const Clock::time_point start = Clock::now();
    session.append(prompt);
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  double time_generation(engine::Session& session, int tokens) {
    const std::optional<tokenizer::TokenId> bos = model_->tokenizer().vocabulary().special().bos;
    tokenizer::TokenId token = bos.value_or(random_token());
    session.reset();
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < tokens; ++i) {
      session.append(std::span<const tokenizer::TokenId>(&token, 1));
      token = random_token();
    }
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  std::shared_ptr<const engine::Model> model_;
  const BenchOptions& options_;
  // Fixed seed: every run of the benchmark evaluates the same tokens.
  std::mt19937 random_{1234};
};

// llama-bench's table: the model column names the architecture and weight
// type (the file's own name is in --json), the figures are median ± standard
// deviation.
class TablePrinter {
 public:
  explicit TablePrinter(const engine::Model& model)
      : model_(fmt::format("{} {}", model::architecture_name(model.hyperparameters().architecture),
                           model.type_name())),
        size_(format_bytes(model.weight_bytes())),
        params_(format_count(model.parameter_count())),
        model_width_(std::max<std::size_t>(30, model_.size())) {}

  void header() const {
    fmt::print("| {:<{}} | {:>10} | {:>10} | {:<10} | {:>7} | {:>8} | {:>20} |\n", "model",
               model_width_, "size", "params", "backend", "threads", "test", "t/s");
    fmt::print("| {:-<{}} | {:->9}: | {:->9}: | {:-<10} | {:->6}: | {:->7}: | {:->19}: |\n", "",
               model_width_, "", "", "", "", "", "");
    std::fflush(stdout);
  }

  void row(const BenchResult& result) const {
    const Summary summary = summarize(result.samples);
    fmt::print("| {:<{}} | {:>10} | {:>10} | {:<10} | {:>7} | {:>8} | {:>20} |\n", model_,
               model_width_, size_, params_,
               fmt::format("CPU {}", tensor::kernel_level_name(result.kernel)), result.threads,
               test_name(result), fmt::format("{:.2f} ± {:.2f}", summary.median, summary.stddev));
    std::fflush(stdout);
  }

 private:
  std::string model_;
  std::string size_;
  std::string params_;
  std::size_t model_width_;
};

nlohmann::ordered_json to_json(const engine::Model& model, const BenchOptions& options,
                               const std::vector<BenchResult>& results) {
  nlohmann::ordered_json tests = nlohmann::ordered_json::array();
  for (const BenchResult& result : results) {
    const Summary summary = summarize(result.samples);
    tests.push_back({
        {"test", test_name(result)},
        {"kind", result.kind == TestKind::prompt ? "prompt" : "generation"},
        {"n", result.tokens},
        {"threads", result.threads},
        {"kernel_level", tensor::kernel_level_name(result.kernel)},
        {"batch_size", result.batch_size},
        {"samples", result.samples},
        {"median", summary.median},
        {"min", summary.min},
        {"max", summary.max},
        {"stddev", summary.stddev},
    });
  }
  return {
      {"model", model.name()},
      {"type", model.type_name()},
      {"size", model.weight_bytes()},
      {"params", model.parameter_count()},
      {"cpu_features", cpu_features().describe()},
      {"kv_type", options.kv_cache_type},
      {"repetitions", options.repetitions},
      {"unit", "tokens per second"},
      {"tests", std::move(tests)},
  };
}

int run_bench(const BenchOptions& options) {
  std::shared_ptr<const engine::Model> model = engine::Model::load(options.model);
  std::vector<tensor::KernelLevel> kernels;
  for (const std::string& name : options.kernels)
    kernels.push_back(*tensor::kernel_level_from_name(name));
  if (kernels.empty()) kernels.push_back(tensor::best_kernel_level());
  std::vector<unsigned> thread_counts;
  for (int threads : options.threads) thread_counts.push_back(static_cast<unsigned>(threads));
  if (thread_counts.empty()) thread_counts.push_back(default_thread_count());

  const TablePrinter table(*model);
  if (!options.json) table.header();
  Benchmark benchmark(model, options);
  std::vector<BenchResult> results;
  for (tensor::KernelLevel kernel : kernels) {
    for (unsigned threads : thread_counts) {
      for (int tokens : options.prompt_sizes) {
        if (tokens == 0) continue;
        results.push_back(benchmark.run(TestKind::prompt, tokens, threads, kernel));
        if (!options.json) table.row(results.back());
      }
      for (int tokens : options.generation_sizes) {
        if (tokens == 0) continue;
        results.push_back(benchmark.run(TestKind::generation, tokens, threads, kernel));
        if (!options.json) table.row(results.back());
      }
    }
  }
  if (options.json) fmt::print("{}\n", to_json(*model, options, results).dump(2));
  return kExitOk;
}

CLI::Validator kernel_level_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::optional<tensor::KernelLevel> level = tensor::kernel_level_from_name(text);
        if (!level) return fmt::format("unknown kernel level {} (scalar, avx2, avx512)", text);
        if (!tensor::is_supported(*level)) {
          std::string supported;
          for (tensor::KernelLevel each : tensor::supported_kernel_levels()) {
            if (!supported.empty()) supported += ", ";
            supported += tensor::kernel_level_name(each);
          }
          return fmt::format("this processor does not run {} kernels (it runs {})", text,
                             supported);
        }
        return {};
      },
      "LEVEL");
}

}  // namespace

Subcommand add_bench_command(CLI::App& parent) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* app = parent.add_subcommand(
      "bench", "Measure prompt-processing and generation speed, like llama-bench");
  add_model_option(*app, options->model, "The .gguf model to measure");
  app->add_option("-p,--n-prompt", options->prompt_sizes,
                  "Prompt tokens to process, comma-separated for several tests; 0: none")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  app->add_option("-n,--n-gen", options->generation_sizes,
                  "Tokens to generate, comma-separated for several tests; 0: none")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  app->add_option("-r,--repetitions", options->repetitions, "Measured runs of each test")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app->add_option("-t,--threads", options->threads,
                  "Threads, comma-separated to compare (default: one per core)")
      ->delimiter(',')
      ->check(CLI::Range(1, 4096));
  app->add_option("--kernel", options->kernels,
                  "Kernel level: scalar, avx2 or avx512, comma-separated to compare "
                  "(default: the best this processor runs)")
      ->delimiter(',')
      ->check(kernel_level_check());
  app->add_option("-b,--batch", options->batch_size,
                  "Prompt tokens per forward pass (default: the whole prompt)")
      ->check(CLI::Range(1, 1 << 20));
  app->add_option("--kv-type", options->kv_cache_type, "Type of the KV cache: f16 or q8_0")
      ->capture_default_str()
      ->transform(CLI::IsMember({"f16", "q8_0"}, CLI::ignore_case));
  app->add_flag("--json", options->json, "Print one JSON document instead of the table");
  return {app, [options] { return run_bench(*options); }};
}

}  // namespace hearth::cli
