// The forward pass: token ids in, logits out, keys and values into a cache.
//
// One decoder for every family (see architecture.h): token embedding, then per
// layer RMSNorm → Q/K/V projections (+ biases) → Q/K head norms → RoPE →
// grouped-query attention over the cache → output projection → residual →
// RMSNorm → SwiGLU feed-forward → residual; a final RMSNorm and the output
// head. A batch of many tokens (a prompt) runs as matrix-matrix products; a
// batch of one (generation) as matrix-vector products.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "hearth/gguf/file.h"
#include "hearth/model/hyperparameters.h"
#include "hearth/model/kv_cache.h"
#include "hearth/model/weights.h"
#include "hearth/tensor/kernel_level.h"
#include "hearth/tensor/matmul.h"
#include "hearth/util/thread_pool.h"

namespace hearth::model {

struct BatchToken {
  std::int32_t token = 0;
  std::int32_t position = 0;   // in its sequence, from 0
  std::uint32_t sequence = 0;  // which of the cache's sequences
  bool logits = false;         // compute this token's logits
};

// Buffers reused from one forward pass to the next (so that generation does
// not allocate). One per thread that calls forward().
class ForwardWorkspace {
 public:
  ForwardWorkspace();
  ~ForwardWorkspace();
  ForwardWorkspace(ForwardWorkspace&&) noexcept;
  ForwardWorkspace& operator=(ForwardWorkspace&&) noexcept;

  struct Buffers;
  Buffers& buffers() noexcept { return *buffers_; }

 private:
  std::unique_ptr<Buffers> buffers_;
};

class Transformer {
 public:
  // Reads the hyperparameters and binds the weights of `file`, which must
  // outlive the Transformer. Throws as read_hyperparameters and bind_weights.
  explicit Transformer(const gguf::File& file);

  const Hyperparameters& hyperparameters() const noexcept { return hyperparameters_; }
  const ModelWeights& weights() const noexcept { return weights_; }

  // Evaluates `batch`: every token's keys and values are stored in `cache`
  // at (sequence, position), and for every token with `logits` set, n_vocab
  // logits are written to `logits`, one row per such token in batch order
  // (logits.size() must be exactly that). A token attends to positions
  // [0, position] of its sequence, so the earlier positions of each sequence
  // must have been evaluated before or earlier in this batch.
  // `final_hidden`, when not empty, receives the final normalized hidden
  // state (n_embd floats) of the same tokens (for embeddings); with
  // `final_hidden` set and `logits` empty the output head is skipped.
  // `regime` picks how the matrix products treat several tokens (see
  // tensor::MatmulRegime: per_token makes each token's result independent of
  // the rest of the batch).
  // Throws Error(invalid_argument) for an empty batch, a token id outside the
  // vocabulary, a position outside the cache or a negative one, a sequence
  // the cache does not have, or a logits span of the wrong size; the cache is
  // then untouched.
  void forward(std::span<const BatchToken> batch, KvCache& cache, ForwardWorkspace& workspace,
               ThreadPool& pool, tensor::KernelLevel level, std::span<float> logits,
               std::span<float> final_hidden = {},
               tensor::MatmulRegime regime = tensor::MatmulRegime::automatic) const;

 private:
  Hyperparameters hyperparameters_;
  ModelWeights weights_;
};

}  // namespace hearth::model
