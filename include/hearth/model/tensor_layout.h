// The tensors a model of a given architecture and shape consists of, named as
// llama.cpp names them (llama-arch.cpp, LLM_TENSOR_NAMES).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hearth/model/hyperparameters.h"

namespace hearth::model {

enum class TensorRole {
  token_embedding,   // token_embd.weight   [n_embd, n_vocab]
  output_norm,       // output_norm.weight  [n_embd]
  output,            // output.weight       [n_embd, n_vocab], absent when tied
  attention_norm,    // blk.N.attn_norm.weight [n_embd]
  attention_q,       // blk.N.attn_q.weight [n_embd, n_head * head_dim]
  attention_k,       // blk.N.attn_k.weight [n_embd, n_head_kv * head_dim]
  attention_v,       // blk.N.attn_v.weight [n_embd, n_head_kv * head_dim]
  attention_q_bias,  // blk.N.attn_q.bias   [n_head * head_dim]
  attention_k_bias,  // blk.N.attn_k.bias   [n_head_kv * head_dim]
  attention_v_bias,  // blk.N.attn_v.bias   [n_head_kv * head_dim]
  attention_q_norm,  // blk.N.attn_q_norm.weight [head_dim]
  attention_k_norm,  // blk.N.attn_k_norm.weight [head_dim]
  attention_output,  // blk.N.attn_output.weight [n_head * head_dim, n_embd]
  ffn_norm,          // blk.N.ffn_norm.weight [n_embd]
  ffn_gate,          // blk.N.ffn_gate.weight [n_embd, n_ff]
  ffn_up,            // blk.N.ffn_up.weight   [n_embd, n_ff]
  ffn_down,          // blk.N.ffn_down.weight [n_ff, n_embd]
  rope_frequencies,  // rope_freqs.weight [rope_dimension_count / 2], Llama 3
};

// True for the roles that repeat in every block ("blk.N.").
bool is_per_layer(TensorRole role) noexcept;

// The GGUF tensor name: tensor_name(TensorRole::attention_q_bias, 3) is
// "blk.3.attn_q.bias"; `layer` is ignored for roles outside the blocks.
std::string tensor_name(TensorRole role, std::uint32_t layer = 0);

struct TensorSpec {
  std::string name;
  TensorRole role;
  std::optional<std::uint32_t> layer;  // set for per-layer roles
  std::vector<std::uint64_t> shape;    // ggml order: shape[0] is the row length

  // A weight matrix (quantizable), as opposed to a norm or bias vector.
  bool is_matrix() const noexcept { return shape.size() == 2; }
  std::uint64_t element_count() const noexcept;
};

// Every tensor of the model, in file order: rope_freqs when the model has
// RoPE frequency factors, token_embd, the blocks in layer
// order, output_norm, then output unless the embeddings are tied. The caller
// should have checked the hyperparameters with find_inconsistency().
std::vector<TensorSpec> tensor_layout(const Hyperparameters& hyperparameters);

std::uint64_t parameter_count(std::span<const TensorSpec> layout) noexcept;

}  // namespace hearth::model
