#include "hearth/model/transformer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "hearth/model/architecture.h"
#include "hearth/tensor/matmul.h"
#include "hearth/tensor/ops.h"
#include "hearth/tensor/quantize.h"
#include "hearth/util/error.h"

namespace hearth::model {
namespace {

using tensor::Activations;
using tensor::KernelLevel;
using tensor::TensorType;
using tensor::WeightMatrix;

// One input matrix converted for each weight type that multiplies it (Q, K
// and V may be stored in different types, e.g. in Q4_K_M files).
class ConvertedInput {
 public:
  void reshape(std::initializer_list<const WeightMatrix*> weights, std::int64_t n_tokens,
               std::int64_t cols) {
    used_ = 0;
    for (const WeightMatrix* weight : weights) {
      if (find(weight->type) != nullptr) continue;
      if (used_ == slots_.size()) slots_.emplace_back();
      slots_[used_].reshape(weight->type, n_tokens, cols);
      ++used_;
    }
  }

  void convert(const float* x, std::int64_t ldx, std::int64_t token, KernelLevel level) {
    for (std::size_t i = 0; i < used_; ++i) slots_[i].convert(x, ldx, token, token + 1, level);
  }

  const Activations& for_weight(const WeightMatrix& weight) const { return *find(weight.type); }

 private:
  const Activations* find(TensorType type) const {
    for (std::size_t i = 0; i < used_; ++i) {
      if (slots_[i].weight_type() == type) return &slots_[i];
    }
    return nullptr;
  }

  std::vector<Activations> slots_;
  std::size_t used_ = 0;
};

// A product to compute: rows of `weight` times `input` into y (ldy floats per
// token).
struct Product {
  const WeightMatrix* weight;
  const Activations* input;
  float* y;
  std::int64_t ldy;
};

}  // namespace

struct ForwardWorkspace::Buffers {
  std::vector<float> x;      // residual stream [n][n_embd]
  std::vector<float> h;      // normalized input of a sub-layer [n][n_embd]
  std::vector<float> delta;  // output of the last sub-layer, not yet added to x
  std::vector<float> q, k, v;
  std::vector<float> attention;  // [n][q_width]
  std::vector<float> gate, up;   // [n][n_ff]
  std::vector<float> rope_cos, rope_sin;
  std::vector<std::int32_t> positions;
  std::vector<std::uint32_t> logit_tokens;  // batch indices that want logits
  std::vector<float> final_hidden;          // [m][n_embd]
  ConvertedInput attention_input, attention_output_input, ffn_input, ffn_down_input, head_input;
  std::vector<std::vector<float>> attention_scratch;  // one per pool thread
};

ForwardWorkspace::ForwardWorkspace() : buffers_(std::make_unique<Buffers>()) {}
ForwardWorkspace::~ForwardWorkspace() = default;
ForwardWorkspace::ForwardWorkspace(ForwardWorkspace&&) noexcept = default;
ForwardWorkspace& ForwardWorkspace::operator=(ForwardWorkspace&&) noexcept = default;

Transformer::Transformer(const gguf::File& file)
    : hyperparameters_(read_hyperparameters(file)), weights_(bind_weights(file, hyperparameters_)) {
  if (hyperparameters_.head_dim > static_cast<std::uint32_t>(tensor::kMaxAttentionHeadDim)) {
    raise(ErrorKind::unsupported, "attention heads of {} values are larger than hearth runs ({})",
          hyperparameters_.head_dim, tensor::kMaxAttentionHeadDim);
  }
}

namespace {

// Runs task(i) for i in [0, count): on the calling thread when there is one
// item (generation's per-token steps), else on the pool.
template <typename Task>
void for_each_index(ThreadPool& pool, std::size_t count, const Task& task) {
  if (count == 1) {
    task(0, 0u);
    return;
  }
  pool.run(count, [&task](std::size_t index, unsigned thread) { task(index, thread); });
}

// All products of one step in a single pool run, split into row ranges that
// are multiples of 16 rows, about eight per thread so uneven ranges balance.
void multiply_all(ThreadPool& pool, KernelLevel level, tensor::MatmulRegime regime,
                  std::initializer_list<Product> products) {
  struct Range {
    const Product* product;
    std::int64_t begin, end;
  };
  Range ranges[512];
  std::size_t count = 0;
  const std::int64_t threads = pool.size();
  for (const Product& product : products) {
    const std::int64_t rows = product.weight->rows;
    std::int64_t chunk = (rows + threads * 8 - 1) / (threads * 8);
    chunk = std::max<std::int64_t>(16, (chunk + 15) / 16 * 16);
    while ((rows + chunk - 1) / chunk + static_cast<std::int64_t>(count) > 512) chunk *= 2;
    for (std::int64_t begin = 0; begin < rows; begin += chunk) {
      ranges[count++] = {&product, begin, std::min(rows, begin + chunk)};
    }
  }
  for_each_index(pool, count, [&](std::size_t index, unsigned) {
    const Range& range = ranges[index];
    const Product& p = *range.product;
    tensor::multiply(*p.weight, *p.input, range.begin, range.end, p.y, p.ldy, level, regime);
  });
}

void resize(std::vector<float>& buffer, std::size_t size) {
  if (buffer.size() < size) buffer.resize(size);
}

}  // namespace

void Transformer::forward(std::span<const BatchToken> batch, KvCache& cache,
                          ForwardWorkspace& workspace, ThreadPool& pool, KernelLevel level,
                          std::span<float> logits, std::span<float> final_hidden,
                          tensor::MatmulRegime regime) const {
  const Hyperparameters& hp = hyperparameters_;
  const ArchitectureTraits& traits = architecture_traits(hp.architecture);
  const std::int64_t n = static_cast<std::int64_t>(batch.size());
  const std::int64_t n_embd = hp.n_embd;
  const std::int64_t q_width = hp.q_width();
  const std::int64_t kv_width = hp.kv_width();
  const std::int64_t n_ff = hp.n_ff;
  const std::int32_t head_dim = static_cast<std::int32_t>(hp.head_dim);
  const std::int32_t n_rot = static_cast<std::int32_t>(hp.rope_dimension_count);
  const std::int32_t kv_heads = static_cast<std::int32_t>(hp.n_head_kv);
  const std::int32_t group = static_cast<std::int32_t>(hp.n_head / hp.n_head_kv);
  const tensor::RopeStyle rope_style =
      traits.rope_neox ? tensor::RopeStyle::neox : tensor::RopeStyle::normal;

  if (n == 0) raise(ErrorKind::invalid_argument, "forward: the batch is empty");
  std::size_t logit_count = 0;
  for (const BatchToken& token : batch) {
    if (token.token < 0 || static_cast<std::uint32_t>(token.token) >= hp.n_vocab) {
      raise(ErrorKind::invalid_argument, "forward: token id {} is outside the vocabulary of {}",
            token.token, hp.n_vocab);
    }
    if (token.position < 0 ||
        static_cast<std::uint32_t>(token.position) >= cache.context_length()) {
      raise(ErrorKind::invalid_argument, "forward: position {} is outside the context of {}",
            token.position, cache.context_length());
    }
    if (token.sequence >= cache.sequences()) {
      raise(ErrorKind::invalid_argument, "forward: sequence {} is not in a cache of {}",
            token.sequence, cache.sequences());
    }
    if (token.logits) ++logit_count;
  }
  const bool hidden_only = logits.empty() && !final_hidden.empty();
  if (!hidden_only && logits.size() != logit_count * hp.n_vocab) {
    raise(ErrorKind::invalid_argument, "forward: {} logits requested but room for {} floats",
          logit_count, logits.size());
  }
  if (!final_hidden.empty() && final_hidden.size() != logit_count * hp.n_embd) {
    raise(ErrorKind::invalid_argument, "forward: final hidden states need {} floats, got {}",
          logit_count * hp.n_embd, final_hidden.size());
  }

  ForwardWorkspace::Buffers& b = workspace.buffers();
  const auto un = static_cast<std::size_t>(n);
  resize(b.x, un * n_embd);
  resize(b.h, un * n_embd);
  resize(b.delta, un * n_embd);
  resize(b.q, un * q_width);
  resize(b.k, un * kv_width);
  resize(b.v, un * kv_width);
  resize(b.attention, un * q_width);
  resize(b.gate, un * n_ff);
  resize(b.up, un * n_ff);
  resize(b.rope_cos, un * (n_rot / 2));
  resize(b.rope_sin, un * (n_rot / 2));
  b.positions.resize(un);
  b.attention_scratch.resize(pool.size());
  const std::size_t scratch_floats =
      tensor::attention_scratch_floats(group, cache.context_length());
  for (std::vector<float>& scratch : b.attention_scratch) resize(scratch, scratch_floats);

  // Embeddings, and the rotation angles every layer shares.
  const WeightMatrix& embedding = weights_.token_embedding;
  for_each_index(pool, un, [&](std::size_t t, unsigned) {
    const std::byte* row =
        embedding.data + static_cast<std::size_t>(batch[t].token) * embedding.row_bytes;
    tensor::dequantize(embedding.type, {row, embedding.row_bytes},
                       {b.x.data() + t * n_embd, static_cast<std::size_t>(n_embd)});
  });
  for (std::size_t t = 0; t < un; ++t) b.positions[t] = batch[t].position;
  tensor::rope_tables(b.positions, n_rot, hp.rope_freq_base, hp.rope_freq_scale,
                      weights_.rope_frequencies, b.rope_cos.data(), b.rope_sin.data());

  const float attention_scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
  bool pending_delta = false;  // b.delta holds the previous sub-layer's output

  for (std::uint32_t layer_index = 0; layer_index < hp.n_layer; ++layer_index) {
    const LayerWeights& layer = weights_.layers[layer_index];

    // Attention: normalize, then Q/K/V.
    b.attention_input.reshape({&layer.q, &layer.k, &layer.v}, n, n_embd);
    for_each_index(pool, un, [&](std::size_t t, unsigned) {
      float* x = b.x.data() + t * n_embd;
      float* h = b.h.data() + t * n_embd;
      if (pending_delta) tensor::add_in_place(x, b.delta.data() + t * n_embd, n_embd, level);
      tensor::rms_norm(x, layer.attention_norm, h, n_embd, hp.rms_norm_eps, level);
      b.attention_input.convert(b.h.data(), n_embd, static_cast<std::int64_t>(t), level);
    });
    multiply_all(pool, level, regime,
                 {{&layer.q, &b.attention_input.for_weight(layer.q), b.q.data(), q_width},
                  {&layer.k, &b.attention_input.for_weight(layer.k), b.k.data(), kv_width},
                  {&layer.v, &b.attention_input.for_weight(layer.v), b.v.data(), kv_width}});

    // Biases, head norms, rotation; keys and values into the cache.
    for_each_index(pool, un, [&](std::size_t t, unsigned) {
      float* q = b.q.data() + t * q_width;
      float* k = b.k.data() + t * kv_width;
      float* v = b.v.data() + t * kv_width;
      if (layer.q_bias != nullptr) tensor::add_in_place(q, layer.q_bias, q_width, level);
      if (layer.k_bias != nullptr) tensor::add_in_place(k, layer.k_bias, kv_width, level);
      if (layer.v_bias != nullptr) tensor::add_in_place(v, layer.v_bias, kv_width, level);
      if (layer.q_norm != nullptr) {
        for (std::int64_t head = 0; head < hp.n_head; ++head) {
          tensor::rms_norm(q + head * head_dim, layer.q_norm, q + head * head_dim, head_dim,
                           hp.rms_norm_eps, level);
        }
      }
      if (layer.k_norm != nullptr) {
        for (std::int64_t head = 0; head < kv_heads; ++head) {
          tensor::rms_norm(k + head * head_dim, layer.k_norm, k + head * head_dim, head_dim,
                           hp.rms_norm_eps, level);
        }
      }
      const float* cos = b.rope_cos.data() + t * (n_rot / 2);
      const float* sin = b.rope_sin.data() + t * (n_rot / 2);
      tensor::rope(q, static_cast<std::int32_t>(hp.n_head), head_dim, n_rot, cos, sin, rope_style,
                   level);
      tensor::rope(k, kv_heads, head_dim, n_rot, cos, sin, rope_style, level);
      const BatchToken& token = batch[t];
      const auto position = static_cast<std::uint32_t>(token.position);
      tensor::store_kv_row(cache.type(), k, cache.keys(layer_index, token.sequence, position),
                           kv_width, level);
      tensor::store_kv_row(cache.type(), v, cache.values(layer_index, token.sequence, position),
                           kv_width, level);
    });

    // Each token attends to its sequence's positions up to its own.
    for_each_index(pool, un * kv_heads, [&](std::size_t index, unsigned thread) {
      const std::size_t t = index / kv_heads;
      const auto kv_head = static_cast<std::uint32_t>(index % kv_heads);
      const BatchToken& token = batch[t];
      const std::int64_t offset = static_cast<std::int64_t>(kv_head) * group * head_dim;
      tensor::attend(b.q.data() + t * q_width + offset, head_dim, group, head_dim,
                     cache.key_head(layer_index, token.sequence, kv_head),
                     cache.value_head(layer_index, token.sequence, kv_head), token.position + 1,
                     attention_scale, b.attention.data() + t * q_width + offset, head_dim,
                     b.attention_scratch[thread].data(), level);
    });
    b.attention_output_input.reshape({&layer.attention_output}, n, q_width);
    for_each_index(pool, un, [&](std::size_t t, unsigned) {
      b.attention_output_input.convert(b.attention.data(), q_width, static_cast<std::int64_t>(t),
                                       level);
    });
    multiply_all(
        pool, level, regime,
        {{&layer.attention_output, &b.attention_output_input.for_weight(layer.attention_output),
          b.delta.data(), n_embd}});

    // Feed-forward: SwiGLU.
    b.ffn_input.reshape({&layer.gate, &layer.up}, n, n_embd);
    for_each_index(pool, un, [&](std::size_t t, unsigned) {
      float* x = b.x.data() + t * n_embd;
      tensor::add_in_place(x, b.delta.data() + t * n_embd, n_embd, level);
      tensor::rms_norm(x, layer.ffn_norm, b.h.data() + t * n_embd, n_embd, hp.rms_norm_eps, level);
      b.ffn_input.convert(b.h.data(), n_embd, static_cast<std::int64_t>(t), level);
    });
    multiply_all(pool, level, regime,
                 {{&layer.gate, &b.ffn_input.for_weight(layer.gate), b.gate.data(), n_ff},
                  {&layer.up, &b.ffn_input.for_weight(layer.up), b.up.data(), n_ff}});
    b.ffn_down_input.reshape({&layer.down}, n, n_ff);
    for_each_index(pool, un, [&](std::size_t t, unsigned) {
      float* gate = b.gate.data() + t * n_ff;
      tensor::silu_mul(gate, b.up.data() + t * n_ff, gate, n_ff, level);
      b.ffn_down_input.convert(b.gate.data(), n_ff, static_cast<std::int64_t>(t), level);
    });
    multiply_all(pool, level, regime,
                 {{&layer.down, &b.ffn_down_input.for_weight(layer.down), b.delta.data(), n_embd}});
    pending_delta = true;
  }

  // The output head, for the tokens that want logits.
  b.logit_tokens.clear();
  for (std::size_t t = 0; t < un; ++t) {
    if (batch[t].logits) b.logit_tokens.push_back(static_cast<std::uint32_t>(t));
  }
  if (b.logit_tokens.empty()) return;
  const std::size_t m = b.logit_tokens.size();
  resize(b.final_hidden, m * n_embd);
  b.head_input.reshape({&weights_.output}, static_cast<std::int64_t>(m), n_embd);
  for_each_index(pool, m, [&](std::size_t row, unsigned) {
    const std::size_t t = b.logit_tokens[row];
    float* x = b.x.data() + t * n_embd;
    tensor::add_in_place(x, b.delta.data() + t * n_embd, n_embd, level);
    float* hidden = b.final_hidden.data() + row * n_embd;
    tensor::rms_norm(x, weights_.output_norm, hidden, n_embd, hp.rms_norm_eps, level);
    b.head_input.convert(b.final_hidden.data(), n_embd, static_cast<std::int64_t>(row), level);
  });
  if (!final_hidden.empty()) {
    std::memcpy(final_hidden.data(), b.final_hidden.data(), m * n_embd * sizeof(float));
  }
  if (hidden_only) return;
  multiply_all(pool, level, regime,
               {{&weights_.output, &b.head_input.for_weight(weights_.output), logits.data(),
                 static_cast<std::int64_t>(hp.n_vocab)}});
}

}  // namespace hearth::model
