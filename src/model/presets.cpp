#include "hearth/model/presets.h"

#include <array>

namespace hearth::model {
namespace {

constexpr Hyperparameters shape(Architecture architecture, std::uint32_t n_vocab,
                                std::uint32_t context_length, std::uint32_t n_embd,
                                std::uint32_t n_layer, std::uint32_t n_head,
                                std::uint32_t n_head_kv, std::uint32_t head_dim, std::uint32_t n_ff,
                                float rope_freq_base, float rms_norm_eps, bool tied_embeddings) {
  Hyperparameters hp;
  hp.architecture = architecture;
  hp.n_vocab = n_vocab;
  hp.context_length = context_length;
  hp.n_embd = n_embd;
  hp.n_layer = n_layer;
  hp.n_head = n_head;
  hp.n_head_kv = n_head_kv;
  hp.n_ff = n_ff;
  hp.head_dim = head_dim;
  hp.rope_dimension_count = head_dim;
  hp.rope_freq_base = rope_freq_base;
  hp.rms_norm_eps = rms_norm_eps;
  hp.tied_embeddings = tied_embeddings;
  return hp;
}

constexpr bool kTied = true;
constexpr bool kUntied = false;

// Full-size shapes are those of the checkpoints' config.json on Hugging Face,
// rope_scaling included.
constexpr std::array<ModelPreset, 6> kPresets = {{
    {"tiny", "test model: Qwen2 layout, 2 layers, 64 wide, the tokenizer's vocabulary",
     shape(Architecture::qwen2, 0, 2048, 64, 2, 4, 2, 16, 256, 1e6f, 1e-6f, kTied), true, "qwen2"},
    {"tiny-llama", "test model: Llama layout, 2 layers, 64 wide, separate output head",
     shape(Architecture::llama, 0, 2048, 64, 2, 4, 2, 16, 256, 1e4f, 1e-5f, kUntied), true,
     "llama-spm"},
    {"tiny-qwen3", "test model: Qwen3 layout, 2 layers, 64 wide, heads of 32 (4 x 32 != 64)",
     shape(Architecture::qwen3, 0, 2048, 64, 2, 4, 2, 32, 256, 1e6f, 1e-6f, kTied), true, "qwen2"},
    {"qwen2.5-0.5b", "Qwen2.5-0.5B: 24 layers, 896 wide, 14/2 heads, 494M parameters",
     shape(Architecture::qwen2, 151936, 32768, 896, 24, 14, 2, 64, 4864, 1e6f, 1e-6f, kTied), false,
     "qwen2"},
    {"qwen3-0.6b", "Qwen3-0.6B: 28 layers, 1024 wide, 16/8 heads of 128, 596M parameters",
     shape(Architecture::qwen3, 151936, 40960, 1024, 28, 16, 8, 128, 3072, 1e6f, 1e-6f, kTied),
     false, "qwen2"},
    {"llama-3.2-1b", "Llama-3.2-1B: 16 layers, 2048 wide, 32/8 heads, 1.24B parameters",
     shape(Architecture::llama, 128256, 131072, 2048, 16, 32, 8, 64, 8192, 5e5f, 1e-5f, kTied),
     false, "llama-bpe", Llama3RopeScaling{32.0f, 1.0f, 4.0f, 8192}},
}};

}  // namespace

std::span<const ModelPreset> all_presets() noexcept {
  return kPresets;
}

const ModelPreset* find_preset(std::string_view name) noexcept {
  for (const ModelPreset& preset : kPresets) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

std::vector<std::string_view> preset_names() {
  std::vector<std::string_view> names;
  names.reserve(kPresets.size());
  for (const ModelPreset& preset : kPresets) names.push_back(preset.name);
  return names;
}

}  // namespace hearth::model
