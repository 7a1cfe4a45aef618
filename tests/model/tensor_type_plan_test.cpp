#include "hearth/model/tensor_type_plan.h"

#include <gtest/gtest.h>

#include <map>

#include "hearth/model/presets.h"

namespace hearth::model {
namespace {

using tensor::TensorType;

std::map<std::string, TensorType> plan_by_name(const Hyperparameters& hp, WeightFormat format) {
  const std::vector<TensorSpec> layout = tensor_layout(hp);
  const std::vector<TensorType> types = plan_tensor_types(layout, format, hp.n_layer);
  EXPECT_EQ(types.size(), layout.size());
  std::map<std::string, TensorType> plan;
  for (std::size_t i = 0; i < layout.size(); ++i) plan[layout[i].name] = types[i];
  return plan;
}

std::map<TensorType, int> count_types(const std::map<std::string, TensorType>& plan) {
  std::map<TensorType, int> counts;
  for (const auto& [name, type] : plan) ++counts[type];
  return counts;
}

Hyperparameters shape(Architecture architecture, std::uint32_t embd, std::uint32_t ff, bool tied) {
  Hyperparameters hp;
  hp.architecture = architecture;
  hp.n_vocab = 300;
  hp.context_length = 512;
  hp.n_embd = embd;
  hp.n_layer = 2;
  hp.n_head = 4;
  hp.n_head_kv = 2;
  hp.head_dim = embd / 4;
  hp.rope_dimension_count = hp.head_dim;
  hp.n_ff = ff;
  hp.tied_embeddings = tied;
  return hp;
}

TEST(TensorTypePlan, UseMoreBitsLayers) {
  // llama.cpp: the first and last eighth, and every third layer in between.
  std::vector<std::uint32_t> chosen;
  for (std::uint32_t layer = 0; layer < 24; ++layer) {
    if (uses_more_bits(layer, 24)) chosen.push_back(layer);
  }
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 1, 2, 5, 8, 11, 14, 17, 20, 21, 22, 23}));

  chosen.clear();
  for (std::uint32_t layer = 0; layer < 8; ++layer) {
    if (uses_more_bits(layer, 8)) chosen.push_back(layer);
  }
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 3, 6, 7}));
}

TEST(TensorTypePlan, Q4KMOnQwen25HalfBillion) {
  // 896-wide rows are no multiple of 256: Q4_K falls back to Q5_0, Q6_K to
  // Q8_0. ffn_down rows are 4864 = 19 x 256 wide and keep K-quants.
  const Hyperparameters& hp = find_preset("qwen2.5-0.5b")->hyperparameters;
  const std::map<std::string, TensorType> plan = plan_by_name(hp, WeightFormat::q4_k_m);

  EXPECT_EQ(plan.at("token_embd.weight"), TensorType::q8_0);  // tied output head
  EXPECT_EQ(plan.at("output_norm.weight"), TensorType::f32);
  for (std::uint32_t layer = 0; layer < hp.n_layer; ++layer) {
    const std::string block = "blk." + std::to_string(layer) + ".";
    const bool more_bits = uses_more_bits(layer, hp.n_layer);
    EXPECT_EQ(plan.at(block + "attn_q.weight"), TensorType::q5_0) << block;
    EXPECT_EQ(plan.at(block + "attn_k.weight"), TensorType::q5_0) << block;
    EXPECT_EQ(plan.at(block + "attn_v.weight"), more_bits ? TensorType::q8_0 : TensorType::q5_0)
        << block;
    EXPECT_EQ(plan.at(block + "attn_output.weight"), TensorType::q5_0) << block;
    EXPECT_EQ(plan.at(block + "ffn_gate.weight"), TensorType::q5_0) << block;
    EXPECT_EQ(plan.at(block + "ffn_up.weight"), TensorType::q5_0) << block;
    EXPECT_EQ(plan.at(block + "ffn_down.weight"), more_bits ? TensorType::q6_k : TensorType::q4_k)
        << block;
    EXPECT_EQ(plan.at(block + "attn_q.bias"), TensorType::f32) << block;
    EXPECT_EQ(plan.at(block + "attn_norm.weight"), TensorType::f32) << block;
  }
  const std::map<TensorType, int> counts = count_types(plan);
  EXPECT_EQ(counts.at(TensorType::f32), 24 * 5 + 1);
  EXPECT_EQ(counts.at(TensorType::q5_0), 24 * 5 + 12);
  EXPECT_EQ(counts.at(TensorType::q8_0), 1 + 12);
  EXPECT_EQ(counts.at(TensorType::q6_k), 12);
  EXPECT_EQ(counts.at(TensorType::q4_k), 12);
}

TEST(TensorTypePlan, Q4KMOnRowsOfWholeSuperBlocks) {
  // Qwen3-0.6B: 1024-wide rows fit Q4_K and Q6_K as they are.
  const Hyperparameters& hp = find_preset("qwen3-0.6b")->hyperparameters;
  const std::map<std::string, TensorType> plan = plan_by_name(hp, WeightFormat::q4_k_m);
  EXPECT_EQ(plan.at("token_embd.weight"), TensorType::q6_k);
  EXPECT_EQ(plan.at("blk.0.attn_v.weight"), TensorType::q6_k);
  EXPECT_EQ(plan.at("blk.3.attn_v.weight"), TensorType::q4_k);
  EXPECT_EQ(plan.at("blk.3.attn_q.weight"), TensorType::q4_k);
  EXPECT_EQ(plan.at("blk.3.attn_output.weight"), TensorType::q4_k);  // 2048-wide rows
  EXPECT_EQ(plan.at("blk.27.ffn_down.weight"), TensorType::q6_k);
  EXPECT_EQ(plan.at("blk.3.attn_q_norm.weight"), TensorType::f32);
}

TEST(TensorTypePlan, Q4KMWithASeparateOutputHead) {
  const Hyperparameters hp = shape(Architecture::llama, 256, 512, false);
  const std::map<std::string, TensorType> plan = plan_by_name(hp, WeightFormat::q4_k_m);
  EXPECT_EQ(plan.at("output.weight"), TensorType::q6_k);
  EXPECT_EQ(plan.at("token_embd.weight"), TensorType::q4_k);  // not the head any more
  // Of two layers only the last uses more bits (n/8 = 0, 7n/8 = 1).
  EXPECT_EQ(plan.at("blk.0.attn_v.weight"), TensorType::q4_k);
  EXPECT_EQ(plan.at("blk.0.ffn_down.weight"), TensorType::q4_k);
  EXPECT_EQ(plan.at("blk.1.attn_v.weight"), TensorType::q6_k);
  EXPECT_EQ(plan.at("blk.1.ffn_down.weight"), TensorType::q6_k);
  EXPECT_EQ(plan.at("blk.1.ffn_up.weight"), TensorType::q4_k);
}

TEST(TensorTypePlan, UniformFormatsArePure) {
  const Hyperparameters hp = shape(Architecture::qwen2, 256, 512, false);
  for (WeightFormat format : all_weight_formats()) {
    if (format == WeightFormat::q4_k_m) continue;
    for (const auto& [name, type] : plan_by_name(hp, format)) {
      const bool vector = name.ends_with(".bias") || name.ends_with("norm.weight");
      EXPECT_EQ(type, vector ? TensorType::f32 : base_tensor_type(format))
          << name << " in " << weight_format_name(format);
    }
  }
}

TEST(TensorTypePlan, RowsThatMisfitFallBack) {
  // 64-wide rows: K-quants fall back as llama.cpp does; 256-wide ffn_down rows
  // keep the K-quant.
  const Hyperparameters hp = shape(Architecture::llama, 64, 256, true);
  EXPECT_EQ(plan_by_name(hp, WeightFormat::q4_k).at("blk.0.ffn_up.weight"), TensorType::q5_0);
  EXPECT_EQ(plan_by_name(hp, WeightFormat::q4_k).at("blk.0.ffn_down.weight"), TensorType::q4_k);
  EXPECT_EQ(plan_by_name(hp, WeightFormat::q5_k).at("blk.0.ffn_up.weight"), TensorType::q5_1);
  EXPECT_EQ(plan_by_name(hp, WeightFormat::q6_k).at("blk.0.ffn_up.weight"), TensorType::q8_0);
  EXPECT_EQ(plan_by_name(hp, WeightFormat::q4_k_m).at("token_embd.weight"), TensorType::q8_0);
  EXPECT_EQ(plan_by_name(hp, WeightFormat::q8_0).at("blk.0.ffn_up.weight"), TensorType::q8_0);

  // Rows of 48 fit no 32-block either: F16, where llama.cpp would give up.
  const Hyperparameters narrow = shape(Architecture::llama, 48, 64, true);
  EXPECT_EQ(plan_by_name(narrow, WeightFormat::q4_0).at("blk.0.attn_q.weight"), TensorType::f16);
  EXPECT_EQ(plan_by_name(narrow, WeightFormat::q4_k).at("blk.0.attn_q.weight"), TensorType::f16);
  EXPECT_EQ(plan_by_name(narrow, WeightFormat::q4_0).at("blk.0.ffn_down.weight"), TensorType::q4_0);
}

}  // namespace
}  // namespace hearth::model
