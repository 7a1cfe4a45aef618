// Continuous batching: many requests on one model share its forward passes.
//
// A scheduler owns a KV cache with `slots` independent sequences and one
// thread that runs the model. A request waits in a queue until a slot is
// free, then joins the running batch at the next step: its prompt is
// evaluated (in chunks, beside the other slots' prompts), and from then on
// each step decodes one token for every generating slot in a single forward
// pass. A request that finishes or is cancelled frees its slot at once.
//
// Prefix reuse. A slot keeps the tokens it evaluated after its request ends.
// A new request goes to the free slot holding the longest common prefix with
// its prompt (least recently used on ties) and evaluates only the rest, so a
// shared system prompt or a growing conversation is not recomputed.
//
// Batch invariance (on by default). Each request's tokens are exactly those
// it would get running alone: prompt passes and decode steps run as separate
// forward passes, decode steps multiply in the per-token regime (see
// tensor::MatmulRegime), prompt passes always take the panel path (at least
// four tokens are re-evaluated), and only prompt-pass keys and values are
// reused across requests. The cost is throughput with many streams.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hearth/engine/generate.h"
#include "hearth/engine/model.h"
#include "hearth/sampling/sampler.h"
#include "hearth/tensor/kernel_level.h"
#include "hearth/tensor/type.h"
#include "hearth/util/error.h"

namespace hearth::engine {

struct SchedulerOptions {
  std::uint32_t slots = 4;           // requests generating at once
  std::uint32_t context_length = 0;  // per slot; 0: the model's trained context, at most 4096
  tensor::TensorType kv_cache_type = tensor::TensorType::f16;
  unsigned threads = 0;            // 0: default_thread_count()
  std::uint32_t batch_size = 512;  // prompt tokens per forward pass, all slots together
  std::size_t max_waiting = 64;    // queued requests beyond the slots
  // Refuse to start when weights + KV cache + buffers exceed this many
  // bytes; nullopt: the memory available now.
  std::optional<std::uint64_t> memory_budget;
  std::optional<tensor::KernelLevel> kernel_level;
  bool batch_invariant = true;  // see the file comment
};

// How an embedding pools the final hidden states of its tokens.
enum class Pooling { mean, last, first };

// The model's own pooling: <arch>.pooling_type (llama.cpp's numbering: 1
// mean, 2 cls → first, 3 last), else mean.
Pooling model_pooling(const Model& model);

// What a request gets back, in order: token events, then one Finished.
struct TokenChunk {
  sampling::SampledToken token;
  std::string text;  // as TokenEvent::text: may be empty, chunks add up to the text
  // Text held back until the end (an incomplete character, a possible stop
  // string) released with the last token: `token` repeats that token and is
  // not a new one.
  bool flush = false;
};

struct RequestTimings {
  double queued_seconds = 0.0;       // submitted → slot assigned
  double first_token_seconds = 0.0;  // submitted → first token sampled
  double total_seconds = 0.0;        // submitted → finished
};

struct Finished {
  FinishReason finish_reason = FinishReason::stop;
  GenerationStats stats;
  RequestTimings timings;
  std::vector<float> embedding;  // embedding requests: unit length, n_embd values
  std::optional<Error> error;    // set when the request failed (no more events follow)
};

using RequestEvent = std::variant<TokenChunk, Finished>;

// The caller's side of a submitted request. Events are produced on the
// scheduler's thread and consumed by one other thread.
class RequestHandle {
 public:
  virtual ~RequestHandle() = default;
  // The next event, waiting up to `timeout`; nullopt on timeout. After the
  // Finished event, returns nullopt at once.
  virtual std::optional<RequestEvent> next(std::chrono::milliseconds timeout) = 0;
  // Asks the scheduler to stop the request; it ends with a Finished event
  // (finish_reason cancelled) at the next step. Safe from any thread.
  virtual void cancel() noexcept = 0;
};

struct SchedulerStats {
  std::size_t waiting = 0;  // queued, no slot yet
  std::size_t active = 0;   // holding a slot
  std::uint32_t slots = 0;
  std::uint64_t forward_passes = 0;
  std::uint64_t prompt_tokens_evaluated = 0;
  std::uint64_t prompt_tokens_reused = 0;
  std::uint64_t tokens_generated = 0;
};

class Scheduler {
 public:
  // Allocates the cache and starts the thread. Throws Error(invalid_argument)
  // for bad options and Error(resource_exhausted) over the memory budget.
  Scheduler(std::shared_ptr<const Model> model, const SchedulerOptions& options = {});
  // Cancels every request (each still gets its Finished event) and joins.
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  const Model& model() const noexcept;
  const std::shared_ptr<const Model>& shared_model() const noexcept;
  const SchedulerOptions& options() const noexcept;
  std::uint32_t context_length() const noexcept;
  std::uint64_t memory_bytes() const noexcept;  // the estimate the budget was checked against

  // Queues a generation. Throws Error(invalid_argument) for an empty prompt,
  // a prompt that leaves no room in a slot's context, bad sampling
  // parameters; Error(resource_exhausted) when max_waiting requests already
  // wait; Error(unsupported) once shutdown() has begun.
  std::shared_ptr<RequestHandle> submit(std::vector<TokenId> prompt,
                                        const GenerationOptions& options);

  // Queues an embedding of `tokens` (pooled final hidden states,
  // L2-normalized). Throws as submit().
  std::shared_ptr<RequestHandle> submit_embedding(std::vector<TokenId> tokens, Pooling pooling);

  SchedulerStats stats() const;

  // Refuses new requests; with `cancel`, ends the running and waiting ones
  // (finish_reason cancelled), else lets them finish. Returns when none is
  // left. Idempotent.
  void shutdown(bool cancel);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hearth::engine
