// The transformer families hearth knows by name, and what sets them apart.
//
// Names are the values llama.cpp writes to general.architecture, so a GGUF
// file converted by llama.cpp and one written by hearth name the same family
// the same way.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace hearth::model {

enum class Architecture {
  llama,  // Llama 2/3, TinyLlama, Mistral: no biases
  qwen2,  // Qwen 2 / 2.5: biases on the Q, K and V projections
  qwen3,  // Qwen 3: RMS norms on Q and K per head, explicit head size, no biases
};

// A family is data: the forward pass is the same pre-norm decoder (RMSNorm,
// rotary attention with grouped KV heads, SwiGLU) for every family, and these
// fields select its variations. Each family is described in its own file under
// src/model/families/, so adding one (gemma, phi3, ...) touches no other code
// unless it needs a variation not listed here.
struct ArchitectureTraits {
  Architecture architecture;
  std::string_view name;  // general.architecture: "llama", "qwen2", "qwen3"
  bool attention_bias;    // attn_q/attn_k/attn_v carry a .bias tensor
  bool query_key_norm;    // attn_q_norm / attn_k_norm of size head_dim
  // RoPE rotates dimension pairs (i, i + n_rot/2) (GPT-NeoX) rather than
  // (2i, 2i+1) (the original llama layout that llama.cpp's converter keeps by
  // permuting Q and K).
  bool rope_neox;
};

const ArchitectureTraits& architecture_traits(Architecture architecture) noexcept;

inline std::string_view architecture_name(Architecture architecture) noexcept {
  return architecture_traits(architecture).name;
}

// Exact match on the general.architecture value; nullopt for families hearth
// cannot run (the caller decides whether that is an error).
std::optional<Architecture> architecture_from_name(std::string_view name) noexcept;

std::span<const ArchitectureTraits> all_architectures() noexcept;

}  // namespace hearth::model
