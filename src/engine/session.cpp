#include "hearth/engine/session.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "hearth/model/kv_cache.h"
#include "hearth/model/transformer.h"
#include "hearth/tensor/matmul.h"
#include "hearth/tensor/ops.h"
#include "hearth/util/error.h"
#include "hearth/util/thread_pool.h"

namespace hearth::engine {
namespace {

constexpr std::uint32_t kDefaultContextCap = 4096;
constexpr std::uint32_t kMaxContext = std::uint32_t{1} << 20;

std::uint32_t resolve_context(const model::Hyperparameters& hp, std::uint32_t requested) {
  if (requested != 0) return requested;
  return std::min(hp.context_length, kDefaultContextCap);
}

std::string mebibytes(std::uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

}  // namespace

MemoryPlan plan_memory(const Model& model, const SessionOptions& options) {
  const model::Hyperparameters& hp = model.hyperparameters();
  const std::uint64_t context = resolve_context(hp, options.context_length);
  const std::uint64_t batch = std::max<std::uint32_t>(1, options.batch_size);
  const unsigned threads = options.threads == 0 ? default_thread_count() : options.threads;
  MemoryPlan plan;
  plan.weight_bytes = model.weight_bytes();
  plan.kv_cache_bytes = model::KvCache::bytes_needed(
      hp, static_cast<std::uint32_t>(std::min<std::uint64_t>(context, kMaxContext)), 1,
      options.kv_cache_type);
  // The forward pass's float buffers per batch token (residual, norm, sub-layer
  // output, Q, K, V, attention, gate, up), their converted copies (at most as
  // large, F32 weights), the logits and attention scratch per thread.
  const std::uint64_t floats_per_token =
      3 * hp.n_embd + 2 * hp.q_width() + 2 * hp.kv_width() + 2 * hp.n_ff;
  const std::uint64_t converted_per_token = 2 * hp.n_embd + hp.q_width() + hp.n_ff;
  plan.workspace_bytes =
      batch * (floats_per_token + converted_per_token) * sizeof(float) +
      2 * std::uint64_t{hp.n_vocab} * sizeof(float) +
      threads *
          tensor::attention_scratch_floats(static_cast<std::int32_t>(hp.n_head / hp.n_head_kv),
                                           static_cast<std::int64_t>(context)) *
          sizeof(float);
  return plan;
}

std::optional<std::uint64_t> available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    std::uint64_t kibibytes = 0;
    if (fields >> key >> kibibytes && key == "MemAvailable:") return kibibytes * 1024;
  }
  return std::nullopt;
}

struct Session::State {
  std::shared_ptr<const Model> model;
  SessionOptions options;
  std::uint32_t context_length;
  tensor::KernelLevel level;
  MemoryPlan plan;
  model::KvCache cache;
  model::ForwardWorkspace workspace;
  ThreadPool pool;
  std::vector<TokenId> tokens;
  std::vector<float> logits;
  bool logits_valid = false;
  std::vector<model::BatchToken> batch;

  State(std::shared_ptr<const Model> model_in, const SessionOptions& options_in,
        std::uint32_t context, tensor::KernelLevel level_in, const MemoryPlan& plan_in,
        unsigned threads)
      : model(std::move(model_in)),
        options(options_in),
        context_length(context),
        level(level_in),
        plan(plan_in),
        cache(model->hyperparameters(), context, 1, options.kv_cache_type),
        pool(threads),
        logits(model->hyperparameters().n_vocab) {}
};

Session::Session(std::shared_ptr<const Model> model, const SessionOptions& options) {
  if (!model) raise(ErrorKind::invalid_argument, "a session needs a model");
  const model::Hyperparameters& hp = model->hyperparameters();
  const std::uint32_t context = resolve_context(hp, options.context_length);
  if (context > kMaxContext) {
    raise(ErrorKind::invalid_argument, "a context of {} tokens is more than hearth allows ({})",
          context, kMaxContext);
  }
  if (options.batch_size == 0) {
    raise(ErrorKind::invalid_argument, "the batch size must be at least 1");
  }
  const tensor::KernelLevel level = options.kernel_level.value_or(tensor::best_kernel_level());
  if (!tensor::is_supported(level)) {
    raise(ErrorKind::invalid_argument, "this processor cannot run the {} kernels",
          tensor::kernel_level_name(level));
  }
  const MemoryPlan plan = plan_memory(*model, options);
  const std::optional<std::uint64_t> budget =
      options.memory_budget ? options.memory_budget : available_memory_bytes();
  if (budget && plan.total_bytes() > *budget) {
    raise(ErrorKind::resource_exhausted,
          "the model needs about {} (weights {}, KV cache for {} tokens {}, buffers {}), more "
          "than the memory budget of {}",
          mebibytes(plan.total_bytes()), mebibytes(plan.weight_bytes), context,
          mebibytes(plan.kv_cache_bytes), mebibytes(plan.workspace_bytes), mebibytes(*budget));
  }
  const unsigned threads = options.threads == 0 ? default_thread_count() : options.threads;
  state_ = std::make_unique<State>(std::move(model), options, context, level, plan, threads);
}

Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

const Model& Session::model() const noexcept {
  return *state_->model;
}
const std::shared_ptr<const Model>& Session::shared_model() const noexcept {
  return state_->model;
}
std::uint32_t Session::context_length() const noexcept {
  return state_->context_length;
}
unsigned Session::threads() const noexcept {
  return state_->pool.size();
}
tensor::KernelLevel Session::kernel_level() const noexcept {
  return state_->level;
}
const MemoryPlan& Session::memory_plan() const noexcept {
  return state_->plan;
}
std::span<const TokenId> Session::tokens() const noexcept {
  return state_->tokens;
}

std::span<const float> Session::last_logits() const noexcept {
  if (!state_->logits_valid) return {};
  return state_->logits;
}

std::span<const float> Session::append(std::span<const TokenId> tokens, std::stop_token stop) {
  State& s = *state_;
  const model::Hyperparameters& hp = s.model->hyperparameters();
  if (tokens.empty()) raise(ErrorKind::invalid_argument, "append: no tokens to evaluate");
  if (s.tokens.size() + tokens.size() > s.context_length) {
    raise(ErrorKind::resource_exhausted,
          "{} tokens do not fit: the context holds {} and {} are used", tokens.size(),
          s.context_length, s.tokens.size());
  }
  for (TokenId token : tokens) {
    if (token < 0 || static_cast<std::uint32_t>(token) >= hp.n_vocab) {
      raise(ErrorKind::invalid_argument, "token id {} is outside the vocabulary of {}", token,
            hp.n_vocab);
    }
  }
  const std::size_t batch_size = s.options.batch_size;
  for (std::size_t first = 0; first < tokens.size(); first += batch_size) {
    if (stop.stop_requested()) return {};
    const std::size_t count = std::min(batch_size, tokens.size() - first);
    const bool last_batch = first + count == tokens.size();
    s.batch.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      s.batch[i] = {tokens[first + i], static_cast<std::int32_t>(s.tokens.size() + i), 0,
                    last_batch && i + 1 == count};
    }
    s.logits_valid = false;
    s.model->transformer().forward(s.batch, s.cache, s.workspace, s.pool, s.level,
                                   last_batch ? std::span<float>(s.logits) : std::span<float>());
    s.tokens.insert(s.tokens.end(), tokens.begin() + static_cast<std::ptrdiff_t>(first),
                    tokens.begin() + static_cast<std::ptrdiff_t>(first + count));
  }
  s.logits_valid = true;
  return s.logits;
}

void Session::truncate(std::size_t count) {
  State& s = *state_;
  if (count > s.tokens.size()) {
    raise(ErrorKind::invalid_argument, "cannot keep {} tokens of {}", count, s.tokens.size());
  }
  if (count == s.tokens.size()) return;
  s.tokens.resize(count);
  s.logits_valid = false;
}

}  // namespace hearth::engine
