// One conversation's state on a model: the tokens evaluated so far and their
// keys and values, plus the threads and buffers that compute more.
//
// A session grows by append(), can be cut back by truncate() (to retry from an
// earlier point, or to keep a shared prefix) and emptied by reset(). It is
// used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <vector>

#include "hearth/engine/model.h"
#include "hearth/model/kv_cache.h"
#include "hearth/tensor/kernel_level.h"
#include "hearth/tensor/type.h"
#include "hearth/tokenizer/vocabulary.h"

namespace hearth::engine {

using tokenizer::TokenId;

struct SessionOptions {
  // Tokens the session can hold; 0: the model's trained context, at most 4096.
  std::uint32_t context_length = 0;
  tensor::TensorType kv_cache_type = tensor::TensorType::f16;  // or q8_0
  unsigned threads = 0;                                        // 0: default_thread_count()
  std::uint32_t batch_size = 512;                              // prompt tokens per forward pass
  // Refuse to create the session when weights + KV cache + buffers exceed
  // this many bytes; nullopt: the memory available now (MemAvailable).
  std::optional<std::uint64_t> memory_budget;
  // nullopt: the best the processor runs.
  std::optional<tensor::KernelLevel> kernel_level;
};

// What a session needs, estimated before anything is allocated.
struct MemoryPlan {
  std::uint64_t weight_bytes = 0;  // the mapped tensors
  std::uint64_t kv_cache_bytes = 0;
  std::uint64_t workspace_bytes = 0;  // activations for one batch, logits
  std::uint64_t total_bytes() const noexcept {
    return weight_bytes + kv_cache_bytes + workspace_bytes;
  }
};

MemoryPlan plan_memory(const Model& model, const SessionOptions& options);

// MemAvailable from /proc/meminfo; nullopt where it cannot be read.
std::optional<std::uint64_t> available_memory_bytes();

class Session {
 public:
  // Throws Error(invalid_argument) for bad options (a context_length above
  // the model's trained context is allowed, as in llama.cpp, but not above
  // 1 << 20), Error(resource_exhausted) naming the estimate and the budget
  // when plan_memory exceeds it.
  Session(std::shared_ptr<const Model> model, const SessionOptions& options = {});
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  const Model& model() const noexcept;
  const std::shared_ptr<const Model>& shared_model() const noexcept;
  std::uint32_t context_length() const noexcept;
  unsigned threads() const noexcept;
  tensor::KernelLevel kernel_level() const noexcept;
  const MemoryPlan& memory_plan() const noexcept;

  // The tokens evaluated so far.
  std::span<const TokenId> tokens() const noexcept;

  // Evaluates `tokens` after the current ones, in batches of batch_size, and
  // returns the logits after the last one (n_vocab floats, valid until the
  // next call). Throws Error(resource_exhausted) when they do not fit in the
  // context, Error(invalid_argument) for an empty span or an id outside the
  // vocabulary — in both cases before evaluating anything. When `stop` is
  // requested between two batches, returns an empty span; the tokens
  // evaluated so far stay in the session.
  std::span<const float> append(std::span<const TokenId> tokens, std::stop_token stop = {});

  // The logits after the last evaluated token; empty before the first append
  // and after truncate().
  std::span<const float> last_logits() const noexcept;

  // Keeps the first `count` tokens (count <= tokens().size()).
  void truncate(std::size_t count);
  void reset() { truncate(0); }

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hearth::engine
