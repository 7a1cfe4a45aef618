// The numbers that fix a model's shape, and their home in GGUF metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hearth/gguf/file.h"
#include "hearth/gguf/value.h"
#include "hearth/model/architecture.h"

namespace hearth::model {

struct Hyperparameters {
  Architecture architecture = Architecture::llama;
  std::uint32_t n_vocab = 0;
  std::uint32_t context_length = 0;  // the context the model was trained for
  std::uint32_t n_embd = 0;
  std::uint32_t n_layer = 0;
  std::uint32_t n_head = 0;
  std::uint32_t n_head_kv = 0;
  std::uint32_t n_ff = 0;
  // Size of one attention head. Usually n_embd / n_head, but not always
  // (Qwen3-0.6B: 16 heads of 128 on a 1024-wide model).
  std::uint32_t head_dim = 0;
  std::uint32_t rope_dimension_count = 0;  // leading dims of a head that RoPE rotates
  float rope_freq_base = 10000.0f;
  // Linear RoPE scaling ("rope.scaling.type" = "linear"): positions are
  // multiplied by this, 1 / rope.scaling.factor. 1 without scaling.
  float rope_freq_scale = 1.0f;
  // The file has a rope_freqs tensor: one divisor per rotated pair of
  // dimensions, which is how llama.cpp's converter stores Llama 3's "llama3"
  // frequency scaling.
  bool rope_frequency_factors = false;
  float rms_norm_eps = 1e-5f;
  // output.weight is absent and the token embedding doubles as the output head.
  bool tied_embeddings = false;

  std::uint32_t q_width() const noexcept { return n_head * head_dim; }
  std::uint32_t kv_width() const noexcept { return n_head_kv * head_dim; }

  bool operator==(const Hyperparameters&) const = default;
};

// The first rule `hyperparameters` break, as a sentence naming the fields and
// their values ("n_head (14) is not a multiple of n_head_kv (3)"); nullopt when
// they describe a model hearth can build and run.
std::optional<std::string> find_inconsistency(const Hyperparameters& hyperparameters);

// Reads the hyperparameters of a model file. Defaults follow llama.cpp:
// head_count_kv = head_count, key_length = embedding_length / head_count,
// rope.dimension_count = key_length, rope.freq_base = 10000; n_vocab comes from
// <arch>.vocab_size, else the token list, else token_embd.weight; embeddings are
// tied when output.weight is absent. rope.scaling.type may be absent, "none"
// or "linear" (YaRN and LongRoPE are refused as unsupported).
// Throws Error(invalid_data) naming the key that is missing, of the wrong type
// or out of range, or the rule the values break; Error(unsupported) when the
// architecture is not one hearth knows.
Hyperparameters read_hyperparameters(const gguf::File& file);

// Sets general.architecture and every <arch>.* key read_hyperparameters reads,
// with the value types llama.cpp writes (u32 counts, f32 reals).
void write_hyperparameters(const Hyperparameters& hyperparameters, gguf::Metadata& metadata);

}  // namespace hearth::model
