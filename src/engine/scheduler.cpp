#include "hearth/engine/scheduler.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "hearth/engine/session.h"
#include "hearth/model/kv_cache.h"
#include "hearth/model/transformer.h"
#include "hearth/tokenizer/tokenizer.h"
#include "hearth/util/thread_pool.h"
#include "stop_string_filter.h"

namespace hearth::engine {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Forward passes of at least this many tokens take the matrix products'
// panel path (tensor::kernels::kMaxStreamingTokens + 1); batch invariance
// keeps every prompt pass at that size or more.
constexpr std::size_t kPanelTokens = 4;

constexpr std::uint32_t kDefaultContextCap = 4096;

// Decode batches up to this many tokens multiply in the per-token regime
// even without batch invariance (see decode_regime).
constexpr std::size_t kPerTokenDecodeMax = 8;

class Job final : public RequestHandle {
 public:
  enum class Kind { generate, embed };

  Job(Kind kind_in, std::vector<TokenId> prompt_in, GenerationOptions options_in,
      Pooling pooling_in)
      : kind(kind_in),
        prompt(std::move(prompt_in)),
        options(std::move(options_in)),
        pooling(pooling_in),
        submitted(Clock::now()) {}

  std::optional<RequestEvent> next(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(mutex_);
    if (events_.empty() && !finished_taken_) {
      ready_.wait_for(lock, timeout, [&] { return !events_.empty(); });
    }
    if (events_.empty()) return std::nullopt;
    RequestEvent event = std::move(events_.front());
    events_.pop_front();
    if (std::holds_alternative<Finished>(event)) finished_taken_ = true;
    return event;
  }

  void cancel() noexcept override { cancelled.store(true, std::memory_order_relaxed); }

  void push(RequestEvent event) {
    {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(event));
    }
    ready_.notify_one();
  }

  const Kind kind;
  const std::vector<TokenId> prompt;
  const GenerationOptions options;
  const Pooling pooling;
  const Clock::time_point submitted;
  std::atomic<bool> cancelled{false};

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<RequestEvent> events_;
  bool finished_taken_ = false;
};

// One sequence of the cache and the request using it.
struct Slot {
  std::uint32_t index = 0;
  std::vector<TokenId> cached;  // tokens whose keys and values the cache holds
  std::size_t reusable = 0;     // prefix of `cached` later requests may reuse
  Clock::time_point last_used{};

  std::shared_ptr<Job> job;
  std::uint64_t admitted = 0;  // admission order
  std::size_t next_prompt = 0;
  std::optional<sampling::Sampler> sampler;
  std::optional<tokenizer::StreamingDecoder> decoder;
  std::optional<StopStringFilter> filter;
  std::optional<sampling::SampledToken> last_token;  // sampled, not yet evaluated
  bool generating = false;
  GenerationStats stats;
  Clock::time_point assigned{};
  Clock::time_point first_token{};
  Clock::time_point prompt_started{};
  std::vector<double> pooled;  // embeddings: running sum, or the chosen row

  bool busy() const noexcept { return job != nullptr; }
  bool in_prompt() const noexcept { return busy() && next_prompt < job->prompt.size(); }
};

std::size_t common_prefix(std::span<const TokenId> a, std::span<const TokenId> b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

}  // namespace

Pooling model_pooling(const Model& model) {
  const std::string key =
      std::string(model::architecture_name(model.hyperparameters().architecture)) + ".pooling_type";
  const std::optional<std::uint64_t> type = model.file().metadata().get_uint(key);
  if (type == 2) return Pooling::first;
  if (type == 3) return Pooling::last;
  return Pooling::mean;
}

struct Scheduler::State {
  std::shared_ptr<const Model> model;
  SchedulerOptions options;
  std::uint32_t context_length = 0;
  tensor::KernelLevel level;
  std::uint64_t memory_bytes = 0;
  model::KvCache cache;
  model::ForwardWorkspace workspace;
  ThreadPool pool;
  std::vector<Slot> slots;

  // Shared with submitters, under `mutex`.
  mutable std::mutex mutex;
  std::condition_variable wake;     // the loop: work arrived or shutdown
  std::condition_variable drained;  // shutdown(): nothing left
  std::deque<std::shared_ptr<Job>> waiting;
  std::size_t active = 0;
  bool accepting = true;
  bool cancel_all = false;
  bool exiting = false;
  SchedulerStats counters;

  std::uint64_t admissions = 0;
  std::vector<model::BatchToken> batch;
  std::vector<Slot*> batch_slots;  // the slot wanting each logits row
  std::vector<float> logits;
  std::vector<float> hidden;
  std::thread thread;

  State(std::shared_ptr<const Model> model_in, const SchedulerOptions& options_in,
        std::uint32_t context, tensor::KernelLevel level_in, std::uint64_t bytes, unsigned threads)
      : model(std::move(model_in)),
        options(options_in),
        context_length(context),
        level(level_in),
        memory_bytes(bytes),
        cache(model->hyperparameters(), context, options_in.slots, options_in.kv_cache_type),
        pool(threads),
        slots(options_in.slots) {
    for (std::uint32_t i = 0; i < slots.size(); ++i) slots[i].index = i;
  }

  void check_vocabulary(std::span<const TokenId> tokens) const;
  // Queues a job, or throws when the scheduler is stopping or the queue full.
  void enqueue(const std::shared_ptr<Job>& job);
  void run();
  bool admit_and_wait();
  void assign(Slot& slot, std::shared_ptr<Job> job);
  void finish(Slot& slot, FinishReason reason, std::optional<Error> error = std::nullopt);
  void fail_busy(const Error& error, std::span<Slot* const> involved);
  void prompt_pass();
  void embedding_pass(Slot& slot);
  void decode_pass();
  // Handles a token sampled for `slot`: emits its text, and ends the request
  // or leaves the token to be evaluated by the next decode step.
  void take_token(Slot& slot, std::span<const float> logits);
  void forward(std::span<float> logits, std::span<float> hidden, tensor::MatmulRegime regime);
  tensor::MatmulRegime decode_regime(std::size_t tokens) const noexcept {
    // Without invariance, panels pay off only for larger decode batches: on
    // the 0.5B Q4_K_M model (hearth_bench_server, 2 cores) per-token
    // products give 84 / 95 t/s at 4 / 8 streams against 58 / 87 for
    // panels, and panels 134 against 97 at 16.
    return options.batch_invariant || tokens <= kPerTokenDecodeMax
               ? tensor::MatmulRegime::per_token
               : tensor::MatmulRegime::automatic;
  }
};

Scheduler::Scheduler(std::shared_ptr<const Model> model, const SchedulerOptions& options) {
  if (!model) raise(ErrorKind::invalid_argument, "a scheduler needs a model");
  if (options.slots == 0 || options.slots > 256) {
    raise(ErrorKind::invalid_argument, "slots must be between 1 and 256, got {}", options.slots);
  }
  if (options.batch_size < kPanelTokens) {
    raise(ErrorKind::invalid_argument, "the batch size must be at least {}", kPanelTokens);
  }
  const model::Hyperparameters& hp = model->hyperparameters();
  const std::uint32_t context = options.context_length != 0
                                    ? options.context_length
                                    : std::min(hp.context_length, kDefaultContextCap);
  SessionOptions session_options;
  session_options.context_length = context;
  session_options.kv_cache_type = options.kv_cache_type;
  session_options.threads = options.threads;
  session_options.batch_size = std::max(options.batch_size, options.slots);
  // Checks context, kernel level and the budget for one sequence's cache...
  const MemoryPlan plan = plan_memory(*model, session_options);
  const std::uint64_t bytes =
      plan.total_bytes() - plan.kv_cache_bytes +
      model::KvCache::bytes_needed(hp, context, options.slots, options.kv_cache_type);
  const std::optional<std::uint64_t> budget =
      options.memory_budget ? options.memory_budget : available_memory_bytes();
  if (budget && bytes > *budget) {
    raise(ErrorKind::resource_exhausted,
          "serving {} with {} slots of {} tokens needs about {:.1f} MiB, more than the memory "
          "budget of {:.1f} MiB",
          model->name(), options.slots, context, static_cast<double>(bytes) / 1048576.0,
          static_cast<double>(*budget) / 1048576.0);
  }
  const tensor::KernelLevel level = options.kernel_level.value_or(tensor::best_kernel_level());
  if (!tensor::is_supported(level)) {
    raise(ErrorKind::invalid_argument, "this processor cannot run the {} kernels",
          tensor::kernel_level_name(level));
  }
  const unsigned threads = options.threads == 0 ? default_thread_count() : options.threads;
  state_ = std::make_unique<State>(std::move(model), options, context, level, bytes, threads);
  state_->counters.slots = options.slots;
  state_->thread = std::thread([state = state_.get()] { state->run(); });
}

Scheduler::~Scheduler() {
  shutdown(true);
  {
    std::lock_guard lock(state_->mutex);
    state_->exiting = true;
  }
  state_->wake.notify_all();
  state_->thread.join();
}

const Model& Scheduler::model() const noexcept {
  return *state_->model;
}
const std::shared_ptr<const Model>& Scheduler::shared_model() const noexcept {
  return state_->model;
}
const SchedulerOptions& Scheduler::options() const noexcept {
  return state_->options;
}
std::uint32_t Scheduler::context_length() const noexcept {
  return state_->context_length;
}
std::uint64_t Scheduler::memory_bytes() const noexcept {
  return state_->memory_bytes;
}

std::shared_ptr<RequestHandle> Scheduler::submit(std::vector<TokenId> prompt,
                                                 const GenerationOptions& options) {
  State& s = *state_;
  if (prompt.empty()) raise(ErrorKind::invalid_argument, "the prompt is empty");
  if (prompt.size() >= s.context_length) {
    raise(ErrorKind::invalid_argument,
          "the prompt has {} tokens; this model's context holds {} (prompt and completion)",
          prompt.size(), s.context_length);
  }
  s.check_vocabulary(prompt);
  if (const std::string problem = sampling::find_invalid_parameter(options.sampling);
      !problem.empty()) {
    raise(ErrorKind::invalid_argument, "{}", problem);
  }
  auto job = std::make_shared<Job>(Job::Kind::generate, std::move(prompt), options, Pooling::mean);
  s.enqueue(job);
  return job;
}

std::shared_ptr<RequestHandle> Scheduler::submit_embedding(std::vector<TokenId> tokens,
                                                           Pooling pooling) {
  State& s = *state_;
  if (tokens.empty()) raise(ErrorKind::invalid_argument, "the input is empty");
  if (tokens.size() > s.context_length) {
    raise(ErrorKind::invalid_argument, "the input has {} tokens; this model's context holds {}",
          tokens.size(), s.context_length);
  }
  s.check_vocabulary(tokens);
  auto job =
      std::make_shared<Job>(Job::Kind::embed, std::move(tokens), GenerationOptions{}, pooling);
  s.enqueue(job);
  return job;
}

void Scheduler::State::check_vocabulary(std::span<const TokenId> tokens) const {
  const std::uint32_t n_vocab = model->hyperparameters().n_vocab;
  for (TokenId token : tokens) {
    if (token < 0 || static_cast<std::uint32_t>(token) >= n_vocab) {
      raise(ErrorKind::invalid_argument, "token id {} is outside the vocabulary of {}", token,
            n_vocab);
    }
  }
}

void Scheduler::State::enqueue(const std::shared_ptr<Job>& job) {
  {
    std::lock_guard lock(mutex);
    if (!accepting) raise(ErrorKind::unsupported, "the server is shutting down");
    if (waiting.size() >= options.max_waiting && active == slots.size()) {
      raise(ErrorKind::resource_exhausted, "{} requests are already waiting", waiting.size());
    }
    waiting.push_back(job);
    counters.waiting = waiting.size();
  }
  wake.notify_one();
}

SchedulerStats Scheduler::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->counters;
}

void Scheduler::shutdown(bool cancel) {
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  s.accepting = false;
  if (cancel) s.cancel_all = true;
  s.wake.notify_all();
  s.drained.wait(lock, [&] { return s.waiting.empty() && s.active == 0; });
}

// ---------------------------------------------------------------------------
// The scheduler's thread.

void Scheduler::State::run() {
  while (admit_and_wait()) {
    for (Slot& slot : slots) {
      if (slot.busy() && slot.job->cancelled.load(std::memory_order_relaxed)) {
        finish(slot, FinishReason::cancelled);
      }
    }
    for (Slot& slot : slots) {
      if (slot.busy() && slot.job->kind == Job::Kind::embed) embedding_pass(slot);
    }
    prompt_pass();
    decode_pass();
  }
}

// Moves waiting requests into free slots; sleeps while there is nothing to
// do. Returns false when the thread should exit.
bool Scheduler::State::admit_and_wait() {
  std::unique_lock lock(mutex);
  while (true) {
    if (cancel_all) {
      for (const std::shared_ptr<Job>& job : waiting) job->cancelled.store(true);
      for (Slot& slot : slots) {
        if (slot.busy()) slot.job->cancelled.store(true);
      }
    }
    while (!waiting.empty()) {
      std::shared_ptr<Job> job = waiting.front();
      if (job->cancelled.load(std::memory_order_relaxed)) {
        waiting.pop_front();
        Finished finished;
        finished.finish_reason = FinishReason::cancelled;
        finished.stats.prompt_tokens = job->prompt.size();
        finished.timings.total_seconds = seconds_between(job->submitted, Clock::now());
        job->push(std::move(finished));
        continue;
      }
      // The free slot with the longest reusable common prefix, then the
      // least recently used.
      Slot* best = nullptr;
      std::size_t best_common = 0;
      for (Slot& slot : slots) {
        if (slot.busy()) continue;
        const std::size_t common =
            job->kind == Job::Kind::embed
                ? 0
                : common_prefix(std::span(slot.cached).first(slot.reusable), job->prompt);
        if (best == nullptr || common > best_common ||
            (common == best_common && slot.last_used < best->last_used)) {
          best = &slot;
          best_common = common;
        }
      }
      if (best == nullptr) break;
      waiting.pop_front();
      ++active;
      assign(*best, std::move(job));
    }
    counters.waiting = waiting.size();
    counters.active = active;
    if (active > 0) return true;
    if (waiting.empty()) drained.notify_all();
    if (exiting) return false;
    wake.wait(lock);
  }
}

void Scheduler::State::assign(Slot& slot, std::shared_ptr<Job> job) {
  const std::vector<TokenId>& prompt = job->prompt;
  slot.job = std::move(job);
  slot.admitted = ++admissions;
  slot.assigned = Clock::now();
  slot.stats = {};
  slot.stats.prompt_tokens = prompt.size();
  slot.generating = false;
  slot.last_token.reset();
  slot.pooled.clear();
  if (slot.job->kind == Job::Kind::embed) {
    slot.cached.clear();
    slot.reusable = 0;
    slot.next_prompt = 0;
    return;
  }
  // Reuse the common prefix; the last prompt token is always evaluated again
  // (for its logits), and with batch invariance at least a panel's worth.
  std::size_t keep = common_prefix(std::span(slot.cached).first(slot.reusable), prompt);
  keep = std::min(keep, prompt.size() - 1);
  if (options.batch_invariant) {
    keep = prompt.size() >= kPanelTokens ? std::min(keep, prompt.size() - kPanelTokens) : 0;
  }
  slot.cached.resize(keep);
  slot.reusable = keep;
  slot.next_prompt = keep;
  slot.stats.cached_prompt_tokens = keep;
  slot.sampler.emplace(slot.job->options.sampling,
                       static_cast<std::int32_t>(model->hyperparameters().n_vocab));
  for (TokenId token : prompt) slot.sampler->accept(token);
  slot.decoder.emplace(model->tokenizer());
  slot.filter.emplace(slot.job->options.stop);
}

void Scheduler::State::finish(Slot& slot, FinishReason reason, std::optional<Error> error) {
  const Clock::time_point now = Clock::now();
  Job& job = *slot.job;
  Finished finished;
  finished.finish_reason = reason;
  finished.error = std::move(error);
  if (job.kind == Job::Kind::generate && !finished.error && slot.stats.completion_tokens > 0 &&
      slot.last_token) {
    // What the decoder and the stop filter still hold ends the text, unless a
    // stop string cut it (then the filter is already empty).
    slot.filter->add(slot.decoder->finish());
    std::string tail = slot.filter->release(true);
    if (!tail.empty()) job.push(TokenChunk{*slot.last_token, std::move(tail), true});
  }
  if (job.kind == Job::Kind::embed && !finished.error && reason != FinishReason::cancelled) {
    double norm = 0.0;
    for (double value : slot.pooled) norm += value * value;
    norm = std::sqrt(norm);
    finished.embedding.resize(slot.pooled.size());
    for (std::size_t i = 0; i < slot.pooled.size(); ++i) {
      finished.embedding[i] = norm > 0.0 ? static_cast<float>(slot.pooled[i] / norm) : 0.0f;
    }
  }
  finished.stats = slot.stats;
  if (slot.generating) {
    finished.stats.generation_seconds = seconds_between(slot.first_token, now);
  }
  finished.timings.queued_seconds = seconds_between(job.submitted, slot.assigned);
  finished.timings.first_token_seconds =
      slot.stats.completion_tokens > 0 ? seconds_between(job.submitted, slot.first_token) : 0.0;
  finished.timings.total_seconds = seconds_between(job.submitted, now);
  // Only keys and values a prompt pass computed are offered to later
  // requests under batch invariance; decode steps compute theirs in the
  // per-token regime.
  if (!options.batch_invariant) slot.reusable = slot.cached.size();
  slot.last_used = now;
  slot.sampler.reset();
  slot.decoder.reset();
  slot.filter.reset();
  slot.last_token.reset();
  slot.generating = false;
  std::shared_ptr<Job> done = std::move(slot.job);
  slot.job.reset();
  {
    // The slot is free before the requester hears of it, so a request it
    // sends next never finds the slot still taken.
    std::lock_guard lock(mutex);
    --active;
    counters.active = active;
    if (active == 0 && waiting.empty()) drained.notify_all();
  }
  done->push(std::move(finished));
}

void Scheduler::State::fail_busy(const Error& error, std::span<Slot* const> involved) {
  for (Slot* slot : involved) {
    if (!slot->busy()) continue;
    // The cache rows of this pass may be half written: forget the slot's
    // tokens from the first position the pass touched.
    slot->cached.clear();
    slot->reusable = 0;
    finish(*slot, FinishReason::stop, error);
  }
}

void Scheduler::State::forward(std::span<float> logits_out, std::span<float> hidden_out,
                               tensor::MatmulRegime regime) {
  model->transformer().forward(batch, cache, workspace, pool, level, logits_out, hidden_out,
                               regime);
  std::lock_guard lock(mutex);
  ++counters.forward_passes;
}

void Scheduler::State::embedding_pass(Slot& slot) {
  const std::vector<TokenId>& tokens = slot.job->prompt;
  const std::uint32_t n_embd = model->hyperparameters().n_embd;
  const std::size_t begin = slot.next_prompt;
  const std::size_t count = std::min<std::size_t>(options.batch_size, tokens.size() - begin);
  batch.clear();
  for (std::size_t i = 0; i < count; ++i) {
    batch.push_back({tokens[begin + i], static_cast<std::int32_t>(begin + i), slot.index, true});
  }
  hidden.resize(count * n_embd);
  Slot* involved[] = {&slot};
  try {
    forward({}, hidden, tensor::MatmulRegime::automatic);
  } catch (const Error& error) {
    fail_busy(error, involved);
    return;
  }
  if (slot.pooled.empty()) slot.pooled.assign(n_embd, 0.0);
  const Pooling pooling = slot.job->pooling;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t position = begin + i;
    const bool take = pooling == Pooling::mean || (pooling == Pooling::first && position == 0) ||
                      (pooling == Pooling::last && position + 1 == tokens.size());
    if (!take) continue;
    for (std::uint32_t d = 0; d < n_embd; ++d) slot.pooled[d] += hidden[i * n_embd + d];
  }
  slot.next_prompt += count;
  slot.cached.insert(slot.cached.end(), tokens.begin() + static_cast<std::ptrdiff_t>(begin),
                     tokens.begin() + static_cast<std::ptrdiff_t>(begin + count));
  {
    std::lock_guard lock(mutex);
    counters.prompt_tokens_evaluated += count;
  }
  if (slot.next_prompt == tokens.size()) finish(slot, FinishReason::stop);
}

void Scheduler::State::prompt_pass() {
  // Slots in their prompt, oldest admission first.
  std::vector<Slot*> order;
  for (Slot& slot : slots) {
    if (slot.in_prompt() && slot.job->kind == Job::Kind::generate) order.push_back(&slot);
  }
  if (order.empty()) return;
  std::sort(order.begin(), order.end(),
            [](const Slot* a, const Slot* b) { return a->admitted < b->admitted; });
  // Under batch invariance a prompt shorter than a panel (it alone can make
  // a pass below four tokens) runs by itself, as it would alone.
  if (options.batch_invariant && order.front()->job->prompt.size() < kPanelTokens) {
    order.resize(1);
  } else if (options.batch_invariant) {
    std::erase_if(order, [](const Slot* s) { return s->job->prompt.size() < kPanelTokens; });
  }

  batch.clear();
  batch_slots.clear();
  std::vector<std::pair<Slot*, std::size_t>> taken;
  std::size_t budget = options.batch_size;
  for (Slot* slot : order) {
    if (budget == 0) break;
    const std::size_t remaining = slot->job->prompt.size() - slot->next_prompt;
    std::size_t count = std::min(remaining, budget);
    // Never leave a remainder smaller than a panel for a later pass.
    if (options.batch_invariant && count < remaining && remaining - count < kPanelTokens) {
      const std::size_t shortfall = kPanelTokens - (remaining - count);
      if (count <= shortfall) continue;
      count -= shortfall;
    }
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t position = slot->next_prompt + i;
      const bool last = position + 1 == slot->job->prompt.size();
      batch.push_back(
          {slot->job->prompt[position], static_cast<std::int32_t>(position), slot->index, last});
      if (last) batch_slots.push_back(slot);
    }
    taken.emplace_back(slot, count);
    budget -= count;
  }
  if (batch.empty()) return;
  const std::uint32_t n_vocab = model->hyperparameters().n_vocab;
  logits.resize(batch_slots.size() * n_vocab);
  std::vector<Slot*> involved;
  for (const auto& [slot, count] : taken) {
    involved.push_back(slot);
    if (slot->next_prompt == slot->stats.cached_prompt_tokens) slot->prompt_started = Clock::now();
  }
  try {
    forward(logits, {}, tensor::MatmulRegime::automatic);
  } catch (const Error& error) {
    fail_busy(error, involved);
    return;
  }
  for (const auto& [slot, count] : taken) {
    const std::vector<TokenId>& prompt = slot->job->prompt;
    slot->cached.insert(slot->cached.end(),
                        prompt.begin() + static_cast<std::ptrdiff_t>(slot->next_prompt),
                        prompt.begin() + static_cast<std::ptrdiff_t>(slot->next_prompt + count));
    slot->next_prompt += count;
    // A prompt below a panel ran in the few-token regime: under batch
    // invariance its keys and values are not offered to longer prompts.
    slot->reusable =
        options.batch_invariant && prompt.size() < kPanelTokens ? 0 : slot->cached.size();
  }
  {
    std::lock_guard lock(mutex);
    counters.prompt_tokens_evaluated += batch.size();
  }
  for (std::size_t row = 0; row < batch_slots.size(); ++row) {
    Slot& slot = *batch_slots[row];
    slot.stats.prompt_seconds = seconds_between(slot.prompt_started, Clock::now());
    {
      std::lock_guard lock(mutex);
      counters.prompt_tokens_reused += slot.stats.cached_prompt_tokens;
    }
    take_token(slot, std::span<const float>(logits).subspan(row * n_vocab, n_vocab));
  }
}

void Scheduler::State::decode_pass() {
  batch.clear();
  batch_slots.clear();
  for (Slot& slot : slots) {
    if (!slot.busy() || !slot.last_token || slot.in_prompt()) continue;
    batch.push_back(
        {slot.last_token->token, static_cast<std::int32_t>(slot.cached.size()), slot.index, true});
    batch_slots.push_back(&slot);
  }
  if (batch.empty()) return;
  const std::uint32_t n_vocab = model->hyperparameters().n_vocab;
  logits.resize(batch.size() * n_vocab);
  try {
    forward(logits, {}, decode_regime(batch.size()));
  } catch (const Error& error) {
    fail_busy(error, batch_slots);
    return;
  }
  const std::vector<Slot*> stepped = batch_slots;
  for (std::size_t row = 0; row < stepped.size(); ++row) {
    Slot& slot = *stepped[row];
    slot.cached.push_back(slot.last_token->token);
    take_token(slot, std::span<const float>(logits).subspan(row * n_vocab, n_vocab));
  }
}

void Scheduler::State::take_token(Slot& slot, std::span<const float> row) {
  const GenerationOptions& options_in = slot.job->options;
  if (slot.job->cancelled.load(std::memory_order_relaxed)) {
    finish(slot, FinishReason::cancelled);
    return;
  }
  if (options_in.max_tokens >= 0 &&
      slot.stats.completion_tokens >= static_cast<std::size_t>(options_in.max_tokens)) {
    finish(slot, FinishReason::length);
    return;
  }
  sampling::SampledToken sampled = slot.sampler->sample(row);
  if (!slot.generating) {
    slot.generating = true;
    slot.first_token = Clock::now();
  }
  if (!options_in.ignore_eos && model->is_end_of_generation(sampled.token)) {
    finish(slot, FinishReason::stop);
    return;
  }
  ++slot.stats.completion_tokens;
  {
    std::lock_guard lock(mutex);
    ++counters.tokens_generated;
  }
  slot.last_token = sampled;
  if (slot.filter->add(slot.decoder->push(sampled.token))) {
    std::string text = slot.filter->release(true);
    slot.job->push(TokenChunk{std::move(sampled), std::move(text), false});
    // The stop string's text is gone; nothing is held back any more.
    slot.decoder.emplace(model->tokenizer());
    finish(slot, FinishReason::stop);
    return;
  }
  slot.job->push(TokenChunk{std::move(sampled), slot.filter->release(false), false});
  if ((options_in.max_tokens >= 0 &&
       slot.stats.completion_tokens >= static_cast<std::size_t>(options_in.max_tokens)) ||
      slot.cached.size() >= context_length) {
    finish(slot, FinishReason::length);
  }
}

}  // namespace hearth::engine
