#include "hearth/model/tensor_layout.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace hearth::model {
namespace {

struct RoleName {
  TensorRole role;
  std::string_view base;  // without "blk.N."
  bool per_layer;
};

// Indexed by TensorRole.
constexpr std::array<RoleName, 18> kRoleNames = {{
    {TensorRole::token_embedding, "token_embd.weight", false},
    {TensorRole::output_norm, "output_norm.weight", false},
    {TensorRole::output, "output.weight", false},
    {TensorRole::attention_norm, "attn_norm.weight", true},
    {TensorRole::attention_q, "attn_q.weight", true},
    {TensorRole::attention_k, "attn_k.weight", true},
    {TensorRole::attention_v, "attn_v.weight", true},
    {TensorRole::attention_q_bias, "attn_q.bias", true},
    {TensorRole::attention_k_bias, "attn_k.bias", true},
    {TensorRole::attention_v_bias, "attn_v.bias", true},
    {TensorRole::attention_q_norm, "attn_q_norm.weight", true},
    {TensorRole::attention_k_norm, "attn_k_norm.weight", true},
    {TensorRole::attention_output, "attn_output.weight", true},
    {TensorRole::ffn_norm, "ffn_norm.weight", true},
    {TensorRole::ffn_gate, "ffn_gate.weight", true},
    {TensorRole::ffn_up, "ffn_up.weight", true},
    {TensorRole::ffn_down, "ffn_down.weight", true},
    {TensorRole::rope_frequencies, "rope_freqs.weight", false},
}};

const RoleName& role_name(TensorRole role) noexcept {
  return kRoleNames[static_cast<std::size_t>(role)];
}

}  // namespace

bool is_per_layer(TensorRole role) noexcept {
  return role_name(role).per_layer;
}

std::string tensor_name(TensorRole role, std::uint32_t layer) {
  const RoleName& name = role_name(role);
  if (!name.per_layer) return std::string(name.base);
  return fmt::format("blk.{}.{}", layer, name.base);
}

std::uint64_t TensorSpec::element_count() const noexcept {
  std::uint64_t count = 1;
  for (std::uint64_t dimension : shape) count *= dimension;
  return count;
}

std::vector<TensorSpec> tensor_layout(const Hyperparameters& hp) {
  const ArchitectureTraits& traits = architecture_traits(hp.architecture);
  const std::uint64_t embd = hp.n_embd;
  const std::uint64_t q_width = hp.q_width();
  const std::uint64_t kv_width = hp.kv_width();

  std::vector<TensorSpec> layout;
  auto add = [&layout](TensorRole role, std::optional<std::uint32_t> layer,
                       std::vector<std::uint64_t> shape) {
    layout.push_back({tensor_name(role, layer.value_or(0)), role, layer, std::move(shape)});
  };

  // llama.cpp's converter writes the RoPE factors ahead of everything else.
  if (hp.rope_frequency_factors) {
    add(TensorRole::rope_frequencies, std::nullopt, {hp.rope_dimension_count / 2});
  }
  add(TensorRole::token_embedding, std::nullopt, {embd, hp.n_vocab});
  for (std::uint32_t layer = 0; layer < hp.n_layer; ++layer) {
    add(TensorRole::attention_norm, layer, {embd});
    add(TensorRole::attention_q, layer, {embd, q_width});
    if (traits.attention_bias) add(TensorRole::attention_q_bias, layer, {q_width});
    add(TensorRole::attention_k, layer, {embd, kv_width});
    if (traits.attention_bias) add(TensorRole::attention_k_bias, layer, {kv_width});
    add(TensorRole::attention_v, layer, {embd, kv_width});
    if (traits.attention_bias) add(TensorRole::attention_v_bias, layer, {kv_width});
    if (traits.query_key_norm) {
      add(TensorRole::attention_q_norm, layer, {hp.head_dim});
      add(TensorRole::attention_k_norm, layer, {hp.head_dim});
    }
    add(TensorRole::attention_output, layer, {q_width, embd});
    add(TensorRole::ffn_norm, layer, {embd});
    add(TensorRole::ffn_gate, layer, {embd, hp.n_ff});
    add(TensorRole::ffn_up, layer, {embd, hp.n_ff});
    add(TensorRole::ffn_down, layer, {hp.n_ff, embd});
  }
  add(TensorRole::output_norm, std::nullopt, {embd});
  if (!hp.tied_embeddings) add(TensorRole::output, std::nullopt, {embd, hp.n_vocab});
  return layout;
}

std::uint64_t parameter_count(std::span<const TensorSpec> layout) noexcept {
  std::uint64_t total = 0;
  for (const TensorSpec& tensor : layout) total += tensor.element_count();
  return total;
}

}  // namespace hearth::model
