#include "hearth/model/architecture.h"

#include <gtest/gtest.h>

#include <set>

#include "hearth/model/tensor_layout.h"

namespace hearth::model {
namespace {

Hyperparameters small_shape(Architecture architecture, bool tied) {
  Hyperparameters hp;
  hp.architecture = architecture;
  hp.n_vocab = 100;
  hp.context_length = 256;
  hp.n_embd = 64;
  hp.n_layer = 3;
  hp.n_head = 4;
  hp.n_head_kv = 2;
  hp.head_dim = 32;  // 4 x 32 = 128, wider than n_embd as in Qwen3-0.6B
  hp.rope_dimension_count = 32;
  hp.n_ff = 96;
  hp.tied_embeddings = tied;
  return hp;
}

const TensorSpec* find(const std::vector<TensorSpec>& layout, std::string_view name) {
  for (const TensorSpec& tensor : layout) {
    if (tensor.name == name) return &tensor;
  }
  return nullptr;
}

using Shape = std::vector<std::uint64_t>;

TEST(Architecture, NamesRoundTrip) {
  for (const ArchitectureTraits& traits : all_architectures()) {
    EXPECT_EQ(architecture_from_name(traits.name), traits.architecture);
    EXPECT_EQ(architecture_name(traits.architecture), traits.name);
  }
  EXPECT_EQ(architecture_name(Architecture::llama), "llama");
  EXPECT_EQ(architecture_name(Architecture::qwen2), "qwen2");
  EXPECT_EQ(architecture_name(Architecture::qwen3), "qwen3");
  EXPECT_FALSE(architecture_from_name("bert"));
  EXPECT_FALSE(architecture_from_name("Qwen2"));  // general.architecture is lower case
}

TEST(Architecture, TensorNamesFollowLlamaCpp) {
  EXPECT_EQ(tensor_name(TensorRole::token_embedding), "token_embd.weight");
  EXPECT_EQ(tensor_name(TensorRole::output_norm), "output_norm.weight");
  EXPECT_EQ(tensor_name(TensorRole::output, 7), "output.weight");
  EXPECT_EQ(tensor_name(TensorRole::attention_norm, 0), "blk.0.attn_norm.weight");
  EXPECT_EQ(tensor_name(TensorRole::attention_q_bias, 3), "blk.3.attn_q.bias");
  EXPECT_EQ(tensor_name(TensorRole::attention_k_norm, 12), "blk.12.attn_k_norm.weight");
  EXPECT_EQ(tensor_name(TensorRole::attention_output, 1), "blk.1.attn_output.weight");
  EXPECT_EQ(tensor_name(TensorRole::ffn_down, 23), "blk.23.ffn_down.weight");
  EXPECT_TRUE(is_per_layer(TensorRole::ffn_gate));
  EXPECT_FALSE(is_per_layer(TensorRole::token_embedding));
}

TEST(Architecture, LlamaHasNoBiasesAndItsOwnOutputHead) {
  const std::vector<TensorSpec> layout = tensor_layout(small_shape(Architecture::llama, false));
  ASSERT_EQ(layout.size(), 1u + 3u * 9u + 2u);
  EXPECT_EQ(layout.front().name, "token_embd.weight");
  EXPECT_EQ(layout.back().name, "output.weight");
  EXPECT_EQ(layout.back().shape, (Shape{64, 100}));
  EXPECT_EQ(find(layout, "blk.0.attn_q.bias"), nullptr);
  EXPECT_EQ(find(layout, "blk.0.attn_q_norm.weight"), nullptr);

  const TensorSpec* ffn_down = find(layout, "blk.2.ffn_down.weight");
  ASSERT_NE(ffn_down, nullptr);
  EXPECT_EQ(ffn_down->shape, (Shape{96, 64}));
  EXPECT_EQ(ffn_down->role, TensorRole::ffn_down);
  EXPECT_EQ(ffn_down->layer, 2u);
  EXPECT_TRUE(ffn_down->is_matrix());
}

TEST(Architecture, Qwen2HasProjectionBiases) {
  const std::vector<TensorSpec> layout = tensor_layout(small_shape(Architecture::qwen2, true));
  ASSERT_EQ(layout.size(), 1u + 3u * 12u + 1u);
  EXPECT_EQ(layout.back().name, "output_norm.weight");
  EXPECT_EQ(find(layout, "output.weight"), nullptr);
  EXPECT_EQ(find(layout, "blk.1.attn_q.bias")->shape, (Shape{128}));
  EXPECT_EQ(find(layout, "blk.1.attn_k.bias")->shape, (Shape{64}));
  EXPECT_EQ(find(layout, "blk.1.attn_v.bias")->shape, (Shape{64}));
  EXPECT_FALSE(find(layout, "blk.1.attn_v.bias")->is_matrix());
}

TEST(Architecture, Qwen3HasPerHeadQueryKeyNorms) {
  const std::vector<TensorSpec> layout = tensor_layout(small_shape(Architecture::qwen3, true));
  ASSERT_EQ(layout.size(), 1u + 3u * 11u + 1u);
  EXPECT_EQ(find(layout, "blk.0.attn_q.bias"), nullptr);
  EXPECT_EQ(find(layout, "blk.0.attn_q_norm.weight")->shape, (Shape{32}));
  EXPECT_EQ(find(layout, "blk.0.attn_k_norm.weight")->shape, (Shape{32}));
  EXPECT_EQ(find(layout, "blk.0.attn_q.weight")->shape, (Shape{64, 128}));
  EXPECT_EQ(find(layout, "blk.0.attn_k.weight")->shape, (Shape{64, 64}));
  EXPECT_EQ(find(layout, "blk.0.attn_v.weight")->shape, (Shape{64, 64}));
  EXPECT_EQ(find(layout, "blk.0.attn_output.weight")->shape, (Shape{128, 64}));
  EXPECT_EQ(find(layout, "blk.0.ffn_gate.weight")->shape, (Shape{64, 96}));
  EXPECT_EQ(find(layout, "blk.0.ffn_up.weight")->shape, (Shape{64, 96}));
  EXPECT_EQ(find(layout, "token_embd.weight")->shape, (Shape{64, 100}));
}

TEST(Architecture, NamesAreUniqueAndFitGgml) {
  for (const ArchitectureTraits& traits : all_architectures()) {
    const std::vector<TensorSpec> layout = tensor_layout(small_shape(traits.architecture, false));
    std::set<std::string> names;
    for (const TensorSpec& tensor : layout) {
      EXPECT_TRUE(names.insert(tensor.name).second) << tensor.name;
      EXPECT_LT(tensor.name.size(), 64u) << tensor.name;
      EXPECT_EQ(tensor.layer.has_value(), is_per_layer(tensor.role)) << tensor.name;
    }
  }
}

TEST(Architecture, ParameterCountSumsElements) {
  const std::vector<TensorSpec> layout = tensor_layout(small_shape(Architecture::llama, true));
  const std::uint64_t per_layer = 64 + 64 * 128 + 64 * 64 * 2 + 128 * 64 + 64 + 3 * 64 * 96;
  EXPECT_EQ(parameter_count(layout), 100 * 64 + 3 * per_layer + 64);
}

}  // namespace
}  // namespace hearth::model
