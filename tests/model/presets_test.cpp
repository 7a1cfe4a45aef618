#include "hearth/model/presets.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "hearth/gguf/file.h"
#include "hearth/model/tensor_layout.h"
#include "hearth/model/tokenizer_metadata.h"
#include "test_paths.h"

namespace hearth::model {
namespace {

const Hyperparameters& preset(std::string_view name) {
  const ModelPreset* found = find_preset(name);
  if (found == nullptr) throw std::runtime_error("no preset " + std::string(name));
  return found->hyperparameters;
}

// Parameters of a dense decoder, counted from the shapes by hand: embedding,
// per layer two norms + Q, K, V, O + three FFN matrices (+ biases or Q/K
// norms), the final norm, and the output head unless tied.
std::uint64_t expected_parameters(std::uint64_t vocab, std::uint64_t embd, std::uint64_t layers,
                                  std::uint64_t heads, std::uint64_t kv_heads,
                                  std::uint64_t head_dim, std::uint64_t ff, bool qkv_bias,
                                  bool qk_norm, bool tied) {
  const std::uint64_t q = heads * head_dim;
  const std::uint64_t kv = kv_heads * head_dim;
  std::uint64_t per_layer = 2 * embd + embd * q + 2 * embd * kv + q * embd + 3 * embd * ff;
  if (qkv_bias) per_layer += q + 2 * kv;
  if (qk_norm) per_layer += 2 * head_dim;
  return vocab * embd + layers * per_layer + embd + (tied ? 0 : vocab * embd);
}

TEST(Presets, Names) {
  const std::vector<std::string_view> names = preset_names();
  EXPECT_EQ(names, (std::vector<std::string_view>{"tiny", "tiny-llama", "tiny-qwen3",
                                                  "qwen2.5-0.5b", "qwen3-0.6b", "llama-3.2-1b"}));
  EXPECT_EQ(all_presets().size(), names.size());
  EXPECT_EQ(find_preset("qwen2.5-7b"), nullptr);
  EXPECT_EQ(find_preset("Tiny"), nullptr);
}

TEST(Presets, Qwen25HalfBillionIsExact) {
  const Hyperparameters& hp = preset("qwen2.5-0.5b");
  EXPECT_EQ(hp.architecture, Architecture::qwen2);
  EXPECT_EQ(hp.n_layer, 24u);
  EXPECT_EQ(hp.n_embd, 896u);
  EXPECT_EQ(hp.n_head, 14u);
  EXPECT_EQ(hp.n_head_kv, 2u);
  EXPECT_EQ(hp.head_dim, 64u);
  EXPECT_EQ(hp.n_ff, 4864u);
  EXPECT_EQ(hp.n_vocab, 151936u);
  EXPECT_EQ(hp.context_length, 32768u);
  EXPECT_EQ(hp.rope_freq_base, 1e6f);
  EXPECT_EQ(hp.rms_norm_eps, 1e-6f);
  EXPECT_TRUE(hp.tied_embeddings);

  const std::uint64_t expected =
      expected_parameters(151936, 896, 24, 14, 2, 64, 4864, true, false, true);
  EXPECT_EQ(expected, 494'032'768u);  // the count Hugging Face reports for the checkpoint
  EXPECT_EQ(parameter_count(tensor_layout(hp)), expected);
}

TEST(Presets, Qwen3SixHundredMillionIsExact) {
  const Hyperparameters& hp = preset("qwen3-0.6b");
  EXPECT_EQ(hp.architecture, Architecture::qwen3);
  EXPECT_EQ(hp.n_layer, 28u);
  EXPECT_EQ(hp.n_embd, 1024u);
  EXPECT_EQ(hp.n_head, 16u);
  EXPECT_EQ(hp.n_head_kv, 8u);
  EXPECT_EQ(hp.head_dim, 128u);
  EXPECT_EQ(hp.n_ff, 3072u);
  EXPECT_EQ(hp.n_vocab, 151936u);
  EXPECT_EQ(hp.context_length, 40960u);
  EXPECT_EQ(hp.rope_freq_base, 1e6f);
  EXPECT_TRUE(hp.tied_embeddings);
  const std::uint64_t expected =
      expected_parameters(151936, 1024, 28, 16, 8, 128, 3072, false, true, true);
  EXPECT_EQ(expected, 596'049'920u);
  EXPECT_EQ(parameter_count(tensor_layout(hp)), expected);
}

TEST(Presets, Llama32OneBillionIsExact) {
  const Hyperparameters& hp = preset("llama-3.2-1b");
  EXPECT_EQ(hp.architecture, Architecture::llama);
  EXPECT_EQ(hp.n_layer, 16u);
  EXPECT_EQ(hp.n_embd, 2048u);
  EXPECT_EQ(hp.n_head, 32u);
  EXPECT_EQ(hp.n_head_kv, 8u);
  EXPECT_EQ(hp.head_dim, 64u);
  EXPECT_EQ(hp.n_ff, 8192u);
  EXPECT_EQ(hp.n_vocab, 128256u);
  EXPECT_EQ(hp.context_length, 131072u);
  EXPECT_EQ(hp.rope_freq_base, 500000.0f);
  EXPECT_EQ(hp.rms_norm_eps, 1e-5f);
  EXPECT_TRUE(hp.tied_embeddings);
  const std::uint64_t expected =
      expected_parameters(128256, 2048, 16, 32, 8, 64, 8192, false, false, true);
  EXPECT_EQ(expected, 1'235'814'400u);
  EXPECT_EQ(parameter_count(tensor_layout(hp)), expected);
}

TEST(Presets, TinyPresetsTakeTheirTokenizersVocabulary) {
  for (std::string_view name : {"tiny", "tiny-llama", "tiny-qwen3"}) {
    const ModelPreset& tiny = *find_preset(name);
    EXPECT_TRUE(tiny.vocab_from_tokenizer) << name;
    EXPECT_EQ(tiny.hyperparameters.n_embd, 64u) << name;
    EXPECT_EQ(tiny.hyperparameters.n_layer, 2u) << name;
  }
  EXPECT_EQ(preset("tiny").architecture, Architecture::qwen2);
  EXPECT_EQ(preset("tiny-llama").architecture, Architecture::llama);
  EXPECT_FALSE(preset("tiny-llama").tied_embeddings);
  EXPECT_EQ(preset("tiny-qwen3").architecture, Architecture::qwen3);
  EXPECT_NE(preset("tiny-qwen3").q_width(), preset("tiny-qwen3").n_embd);
}

TEST(Presets, AreConsistentAndMatchTheirVocabulary) {
  for (const ModelPreset& preset : all_presets()) {
    const std::filesystem::path vocabulary = hearth::testing::vocab_path(preset.vocabulary);
    ASSERT_TRUE(std::filesystem::exists(vocabulary)) << vocabulary;
    const std::uint64_t tokens =
        tokenizer_token_count(gguf::File::open(vocabulary).metadata()).value_or(0);
    Hyperparameters hp = preset.hyperparameters;
    if (preset.vocab_from_tokenizer) {
      EXPECT_EQ(hp.n_vocab, 0u) << preset.name;
      hp.n_vocab = static_cast<std::uint32_t>(tokens);
    } else {
      EXPECT_EQ(hp.n_vocab, tokens) << preset.name;
    }
    EXPECT_EQ(find_inconsistency(hp), std::nullopt) << preset.name;
    EXPECT_FALSE(preset.summary.empty());
  }
}

}  // namespace
}  // namespace hearth::model
