// Random-weight GGUF models with real shapes and real tokenizers.
//
// Tests and benchmarks need models without downloading any: this writes a file
// llama.cpp would load, with the tensor names, shapes, types and metadata of a
// converted checkpoint, weights drawn from a seeded normal distribution
// (matrices N(0, 0.02), norm weights N(1, 0.02), biases N(0, 0.02)) and the
// tokenizer of a vocabulary GGUF. The same spec always gives the same bytes,
// whatever the thread count: the random generator and normal sampler are
// hearth's own, not the standard library's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "hearth/gguf/writer.h"
#include "hearth/model/hyperparameters.h"
#include "hearth/model/presets.h"
#include "hearth/model/rope_scaling.h"
#include "hearth/model/weight_format.h"

namespace hearth::model {

struct SyntheticModelSpec {
  std::string name = "hearth-synthetic";  // general.name
  Hyperparameters hyperparameters;
  // Take n_vocab from the vocabulary's token count instead of
  // hyperparameters.n_vocab.
  bool vocab_from_tokenizer = false;
  // A GGUF file whose tokenizer.* keys the model gets (e.g. a file from
  // shared/vocab). Its tokens are padded when n_vocab is larger.
  std::filesystem::path vocabulary;
  // Adds a rope_freqs tensor computed from these numbers (Llama 3.x).
  std::optional<Llama3RopeScaling> llama3_rope_scaling;
  WeightFormat weight_format = WeightFormat::f16;
  std::uint64_t seed = 0;
  unsigned threads = 0;  // 0: one per hardware thread
};

// A spec for `preset` with the given vocabulary file, named "synthetic <preset>"
// (never the real model's name: its weights are noise); weight format, seed
// and threads keep their defaults.
SyntheticModelSpec make_synthetic_spec(const ModelPreset& preset, std::filesystem::path vocabulary);

// Builds the whole file in memory. Throws Error(invalid_argument) for
// inconsistent hyperparameters or an n_vocab below the tokenizer's token count,
// the errors of gguf::File::open for the vocabulary file, and Error(invalid_data)
// when it has no tokenizer.
gguf::Writer build_synthetic_model(const SyntheticModelSpec& spec);

// build_synthetic_model, then written to `path` through a temporary file, so a
// failure never leaves a partial model behind. Also throws Error(io).
void write_synthetic_model(const SyntheticModelSpec& spec, const std::filesystem::path& path);

}  // namespace hearth::model
