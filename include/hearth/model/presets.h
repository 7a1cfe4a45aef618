// Named model shapes for `hearth make-model` and the tests.
//
// The full-size presets copy the shapes of real checkpoints exactly (from
// their Hugging Face config.json), so a synthetic model has the real file
// size, memory footprint and speed. The tiny presets are for tests: a few
// layers, 64 wide, and the whole vocabulary of their tokenizer.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "hearth/model/hyperparameters.h"
#include "hearth/model/rope_scaling.h"

namespace hearth::model {

struct ModelPreset {
  std::string_view name;     // "qwen2.5-0.5b"
  std::string_view summary;  // one line for listings
  // n_vocab is 0 when vocab_from_tokenizer is set.
  Hyperparameters hyperparameters;
  // The model takes as many embedding rows as its tokenizer has tokens.
  bool vocab_from_tokenizer;
  // The tokenizer family the model was built for, as named in shared/vocab
  // ("ggml-vocab-<vocabulary>.gguf").
  std::string_view vocabulary;
  // Llama 3.x checkpoints: written into the file as a rope_freqs tensor.
  std::optional<Llama3RopeScaling> llama3_rope_scaling = std::nullopt;
};

std::span<const ModelPreset> all_presets() noexcept;

// nullptr when no preset has that name (exact match).
const ModelPreset* find_preset(std::string_view name) noexcept;

std::vector<std::string_view> preset_names();

}  // namespace hearth::model
