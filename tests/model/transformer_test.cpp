// The forward pass against the double-precision reference, on small random
// models of every family and weight type, plus the invariants that must hold
// however the work is split: batch vs one token at a time, thread counts,
// kernel levels, cache types.
#include "hearth/model/transformer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "hearth/gguf/writer.h"
#include "hearth/model/synthetic_model.h"
#include "hearth/tensor/kernel_level.h"
#include "hearth/util/error.h"
#include "hearth/util/thread_pool.h"
#include "small_vocabulary.h"
#include "test_paths.h"
#include "transformer_reference.h"

namespace hearth::model {
namespace {

using hearth::testing::ScratchDir;
using tensor::KernelLevel;

constexpr std::uint32_t kVocabulary = 320;

// Every matrix width a multiple of 256 so that the K-quant formats apply to
// all of them (llama.cpp falls back to other types for narrower rows).
Hyperparameters wide_shape(Architecture architecture) {
  Hyperparameters hp;
  hp.architecture = architecture;
  hp.context_length = 512;
  hp.n_embd = 256;
  hp.n_layer = 2;
  hp.n_ff = 512;
  hp.rms_norm_eps = 1e-6f;
  switch (architecture) {
    case Architecture::qwen2:  // 4 query heads share 2 KV heads of 64
      hp.n_head = 4, hp.n_head_kv = 2, hp.head_dim = 64, hp.rope_freq_base = 1e6f;
      hp.tied_embeddings = true;
      break;
    case Architecture::llama:  // 8 of 32 over 2: groups of 4, untied head
      hp.n_head = 8, hp.n_head_kv = 2, hp.head_dim = 32, hp.rope_freq_base = 5e5f;
      hp.rms_norm_eps = 1e-5f;
      break;
    case Architecture::qwen3:  // heads of 128: q_width 512 != n_embd
      hp.n_head = 4, hp.n_head_kv = 2, hp.head_dim = 128, hp.rope_freq_base = 1e6f;
      hp.tied_embeddings = true;
      break;
  }
  hp.rope_dimension_count = hp.head_dim;
  return hp;
}

// Narrow models for the long greedy runs (the reference recomputes the whole
// sequence for every token).
Hyperparameters narrow_shape(Architecture architecture) {
  Hyperparameters hp = wide_shape(architecture);
  hp.n_embd = 64;
  hp.n_ff = 128;
  hp.n_head = 4;
  hp.n_head_kv = 2;
  hp.head_dim = architecture == Architecture::qwen3 ? 32 : 16;
  hp.rope_dimension_count = hp.head_dim;
  return hp;
}

struct BuiltModel {
  explicit BuiltModel(std::vector<std::byte> image)
      : bytes(std::move(image)), file(gguf::File::parse(bytes)) {}
  std::vector<std::byte> bytes;
  gguf::File file;
};

std::unique_ptr<BuiltModel> build(const Hyperparameters& hp, WeightFormat format,
                                  const std::filesystem::path& vocabulary,
                                  bool llama3_scaling = false, std::uint64_t seed = 7) {
  SyntheticModelSpec spec;
  spec.hyperparameters = hp;
  spec.vocab_from_tokenizer = true;
  spec.vocabulary = vocabulary;
  spec.weight_format = format;
  spec.seed = seed;
  if (llama3_scaling) spec.llama3_rope_scaling = Llama3RopeScaling{8.0f, 1.0f, 4.0f, 64};
  return std::make_unique<BuiltModel>(build_synthetic_model(spec).to_bytes());
}

std::vector<std::int32_t> random_tokens(std::size_t count, std::uint32_t seed) {
  std::mt19937 generator(seed);
  std::vector<std::int32_t> tokens(count);
  for (std::int32_t& token : tokens) token = static_cast<std::int32_t>(generator() % kVocabulary);
  return tokens;
}

// Runs `tokens` through the model in batches of `batch_size`, logits for all.
std::vector<std::vector<float>> run(const Transformer& transformer, KvCache& cache,
                                    const std::vector<std::int32_t>& tokens, std::size_t batch_size,
                                    unsigned threads, KernelLevel level) {
  ThreadPool pool(threads);
  ForwardWorkspace workspace;
  const std::uint32_t vocabulary = transformer.hyperparameters().n_vocab;
  std::vector<std::vector<float>> result;
  for (std::size_t first = 0; first < tokens.size(); first += batch_size) {
    const std::size_t count = std::min(batch_size, tokens.size() - first);
    std::vector<BatchToken> batch;
    for (std::size_t i = 0; i < count; ++i) {
      batch.push_back({tokens[first + i], static_cast<std::int32_t>(first + i), 0, true});
    }
    std::vector<float> logits(count * vocabulary);
    transformer.forward(batch, cache, workspace, pool, level, logits);
    for (std::size_t i = 0; i < count; ++i) {
      result.emplace_back(logits.begin() + i * vocabulary, logits.begin() + (i + 1) * vocabulary);
    }
  }
  return result;
}

// max |a - b| over all logits, relative to the reference's RMS logit.
double relative_error(const std::vector<std::vector<float>>& actual,
                      const std::vector<std::vector<double>>& expected) {
  double worst = 0.0, squares = 0.0;
  std::size_t count = 0;
  for (std::size_t t = 0; t < expected.size(); ++t) {
    for (std::size_t i = 0; i < expected[t].size(); ++i) {
      worst = std::max(worst, std::abs(actual[t][i] - expected[t][i]));
      squares += expected[t][i] * expected[t][i];
      ++count;
    }
  }
  return worst / std::sqrt(squares / static_cast<double>(count));
}

double relative_error(const std::vector<std::vector<float>>& actual,
                      const std::vector<std::vector<float>>& expected) {
  std::vector<std::vector<double>> widened;
  for (const std::vector<float>& row : expected) widened.emplace_back(row.begin(), row.end());
  return relative_error(actual, widened);
}

// The largest error each weight format may show against the double reference,
// as a fraction of the RMS logit. Float formats only add float rounding; the
// quantized ones multiply against 8-bit activations (Q8_0 / Q8_K), as
// llama.cpp does, which costs about a percent.
struct FormatCase {
  WeightFormat format;
  double tolerance;
};

constexpr FormatCase kFormats[] = {
    {WeightFormat::f32, 1e-4},  {WeightFormat::f16, 1e-4},  {WeightFormat::bf16, 2e-2},
    {WeightFormat::q8_0, 5e-2}, {WeightFormat::q4_0, 8e-2}, {WeightFormat::q4_k, 8e-2},
    {WeightFormat::q5_k, 8e-2}, {WeightFormat::q6_k, 8e-2}, {WeightFormat::q4_k_m, 8e-2},
};

constexpr Architecture kArchitectures[] = {Architecture::llama, Architecture::qwen2,
                                           Architecture::qwen3};

class TransformerTest : public ::testing::Test {
 protected:
  TransformerTest() { write_small_vocabulary(vocabulary(), kVocabulary); }
  std::filesystem::path vocabulary() const { return scratch_ / "vocab.gguf"; }
  ScratchDir scratch_;
};

TEST_F(TransformerTest, LogitsMatchTheDoublePrecisionReferenceForEveryFamilyAndType) {
  const std::vector<std::int32_t> tokens = random_tokens(12, 1);
  for (Architecture architecture : kArchitectures) {
    for (const FormatCase& format : kFormats) {
      SCOPED_TRACE(std::string(architecture_name(architecture)) + " " +
                   std::string(weight_format_name(format.format)));
      const auto model = build(wide_shape(architecture), format.format, vocabulary(),
                               architecture == Architecture::llama);
      const Transformer transformer(model->file);
      const testing::ReferenceTransformer reference(model->file);
      KvCache cache(transformer.hyperparameters(), 64, 1, tensor::TensorType::f16);
      const auto actual =
          run(transformer, cache, tokens, tokens.size(), 2, tensor::best_kernel_level());
      // The F16 cache rounds keys and values: allow that on top.
      EXPECT_LT(relative_error(actual, reference.logits(tokens)), format.tolerance + 2e-3);
    }
  }
}

TEST_F(TransformerTest, GreedyContinuationsEqualTheReferenceOver64TokensForFloatModels) {
  const std::vector<std::int32_t> prompt = random_tokens(8, 2);
  for (Architecture architecture : kArchitectures) {
    for (WeightFormat format : {WeightFormat::f32, WeightFormat::f16}) {
      SCOPED_TRACE(std::string(architecture_name(architecture)) + " " +
                   std::string(weight_format_name(format)));
      const auto model = build(narrow_shape(architecture), format, vocabulary(),
                               architecture == Architecture::llama);
      const Transformer transformer(model->file);
      const testing::ReferenceTransformer reference(model->file);
      KvCache cache(transformer.hyperparameters(), 128, 1, tensor::TensorType::f16);
      ThreadPool pool(2);
      ForwardWorkspace workspace;
      std::vector<float> logits(kVocabulary);
      std::vector<BatchToken> batch;
      for (std::size_t i = 0; i < prompt.size(); ++i) {
        batch.push_back({prompt[i], static_cast<std::int32_t>(i), 0, i + 1 == prompt.size()});
      }
      transformer.forward(batch, cache, workspace, pool, tensor::best_kernel_level(), logits);
      std::vector<std::int32_t> generated;
      for (int step = 0; step < 64; ++step) {
        const auto best = static_cast<std::int32_t>(std::max_element(logits.begin(), logits.end()) -
                                                    logits.begin());
        generated.push_back(best);
        const BatchToken next{best, static_cast<std::int32_t>(prompt.size() + step), 0, true};
        transformer.forward({&next, 1}, cache, workspace, pool, tensor::best_kernel_level(),
                            logits);
      }
      EXPECT_EQ(generated, reference.greedy(prompt, 64));
    }
  }
}

// How far two correct evaluations of a quantized model may drift apart when
// the work is split differently. Matrix-vector and matrix-matrix kernels sum
// in different orders; the last-bit differences are enough to flip the
// rounding of an activation onto the next 8-bit step now and then, and one
// flipped step moves the logits by up to a few percent of their RMS.
constexpr double kQuantizedSplitTolerance = 5e-2;

TEST_F(TransformerTest, OneBatchEqualsTokenByTokenAndUnevenChunks) {
  const std::vector<std::int32_t> tokens = random_tokens(21, 3);
  for (WeightFormat format : {WeightFormat::f32, WeightFormat::q8_0, WeightFormat::q4_k_m}) {
    SCOPED_TRACE(std::string(weight_format_name(format)));
    const double tolerance = format == WeightFormat::f32 ? 1e-4 : kQuantizedSplitTolerance;
    const auto model = build(wide_shape(Architecture::qwen2), format, vocabulary());
    const Transformer transformer(model->file);
    const KernelLevel level = tensor::best_kernel_level();
    KvCache whole_cache(transformer.hyperparameters(), 64, 1, tensor::TensorType::f16);
    const auto whole = run(transformer, whole_cache, tokens, tokens.size(), 2, level);
    KvCache single_cache(transformer.hyperparameters(), 64, 1, tensor::TensorType::f16);
    EXPECT_LT(relative_error(run(transformer, single_cache, tokens, 1, 2, level), whole),
              tolerance);
    KvCache chunk_cache(transformer.hyperparameters(), 64, 1, tensor::TensorType::f16);
    EXPECT_LT(relative_error(run(transformer, chunk_cache, tokens, 5, 2, level), whole), tolerance);
  }
}

TEST_F(TransformerTest, ThreadCountDoesNotChangeTheResult) {
  const std::vector<std::int32_t> tokens = random_tokens(9, 4);
  const auto model = build(wide_shape(Architecture::qwen3), WeightFormat::q4_k_m, vocabulary());
  const Transformer transformer(model->file);
  const KernelLevel level = tensor::best_kernel_level();
  KvCache cache_1(transformer.hyperparameters(), 32, 1, tensor::TensorType::f16);
  const auto one = run(transformer, cache_1, tokens, tokens.size(), 1, level);
  for (unsigned threads : {2u, 3u, 5u}) {
    KvCache cache(transformer.hyperparameters(), 32, 1, tensor::TensorType::f16);
    EXPECT_LT(relative_error(run(transformer, cache, tokens, tokens.size(), threads, level), one),
              1e-5)
        << threads << " threads";
  }
}

TEST_F(TransformerTest, EveryKernelLevelAgreesWithTheScalarReference) {
  const std::vector<std::int32_t> tokens = random_tokens(7, 5);
  for (WeightFormat format : {WeightFormat::f16, WeightFormat::bf16, WeightFormat::q8_0,
                              WeightFormat::q4_0, WeightFormat::q4_k_m, WeightFormat::q5_k}) {
    SCOPED_TRACE(std::string(weight_format_name(format)));
    const auto model = build(wide_shape(Architecture::llama), format, vocabulary());
    const Transformer transformer(model->file);
    KvCache scalar_cache(transformer.hyperparameters(), 32, 1, tensor::TensorType::f16);
    const auto scalar =
        run(transformer, scalar_cache, tokens, tokens.size(), 2, KernelLevel::scalar);
    for (KernelLevel level : tensor::supported_kernel_levels()) {
      KvCache cache(transformer.hyperparameters(), 32, 1, tensor::TensorType::f16);
      // F16 weights meet F32 activations at every level; the others meet
      // quantized (or, for BF16, rounded) activations: see
      // kQuantizedSplitTolerance.
      const double tolerance = format == WeightFormat::f16 ? 1e-4 : kQuantizedSplitTolerance;
      EXPECT_LT(relative_error(run(transformer, cache, tokens, tokens.size(), 2, level), scalar),
                tolerance)
          << tensor::kernel_level_name(level);
    }
  }
}

TEST_F(TransformerTest, Q8CacheStaysCloseToTheF16Cache) {
  const std::vector<std::int32_t> tokens = random_tokens(16, 6);
  const auto model = build(wide_shape(Architecture::qwen2), WeightFormat::f32, vocabulary());
  const Transformer transformer(model->file);
  const testing::ReferenceTransformer reference(model->file);
  KvCache cache(transformer.hyperparameters(), 32, 1, tensor::TensorType::q8_0);
  const auto actual = run(transformer, cache, tokens, 6, 2, tensor::best_kernel_level());
  EXPECT_LT(relative_error(actual, reference.logits(tokens)), 3e-2);
}

TEST_F(TransformerTest, SequencesInOneBatchAreIndependent) {
  const std::vector<std::int32_t> first = random_tokens(6, 7);
  const std::vector<std::int32_t> second = random_tokens(4, 8);
  const auto model = build(wide_shape(Architecture::qwen2), WeightFormat::q8_0, vocabulary());
  const Transformer transformer(model->file);
  const KernelLevel level = tensor::best_kernel_level();
  KvCache alone(transformer.hyperparameters(), 16, 1, tensor::TensorType::f16);
  const auto expected_first = run(transformer, alone, first, first.size(), 2, level);
  KvCache alone_2(transformer.hyperparameters(), 16, 1, tensor::TensorType::f16);
  const auto expected_second = run(transformer, alone_2, second, second.size(), 2, level);

  KvCache shared(transformer.hyperparameters(), 16, 2, tensor::TensorType::f16);
  std::vector<BatchToken> batch;
  for (std::size_t i = 0; i < std::max(first.size(), second.size()); ++i) {
    if (i < first.size()) batch.push_back({first[i], static_cast<std::int32_t>(i), 0, true});
    if (i < second.size()) batch.push_back({second[i], static_cast<std::int32_t>(i), 1, true});
  }
  ThreadPool pool(2);
  ForwardWorkspace workspace;
  std::vector<float> logits(batch.size() * kVocabulary);
  transformer.forward(batch, shared, workspace, pool, level, logits);
  std::vector<std::vector<float>> got_first, got_second;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    std::vector<float> row(logits.begin() + i * kVocabulary,
                           logits.begin() + (i + 1) * kVocabulary);
    (batch[i].sequence == 0 ? got_first : got_second).push_back(std::move(row));
  }
  EXPECT_LT(relative_error(got_first, expected_first), 1e-4);
  EXPECT_LT(relative_error(got_second, expected_second), 1e-4);
}

TEST_F(TransformerTest, RejectsInvalidBatchesWithoutTouchingTheCache) {
  const auto model = build(narrow_shape(Architecture::qwen2), WeightFormat::f32, vocabulary());
  const Transformer transformer(model->file);
  KvCache cache(transformer.hyperparameters(), 8, 1, tensor::TensorType::f16);
  ThreadPool pool(1);
  ForwardWorkspace workspace;
  std::vector<float> logits(kVocabulary);
  const KernelLevel level = KernelLevel::scalar;
  const auto expect_invalid = [&](BatchToken token, std::span<float> out) {
    try {
      transformer.forward({&token, 1}, cache, workspace, pool, level, out);
      ADD_FAILURE() << "accepted an invalid batch";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_argument) << error.what();
    }
  };
  expect_invalid({static_cast<std::int32_t>(kVocabulary), 0, 0, true}, logits);
  expect_invalid({-1, 0, 0, true}, logits);
  expect_invalid({1, 8, 0, true}, logits);
  expect_invalid({1, -1, 0, true}, logits);
  expect_invalid({1, 0, 1, true}, logits);
  expect_invalid({1, 0, 0, true}, std::span<float>(logits).first(10));
  expect_invalid({1, 0, 0, false}, logits);
  EXPECT_THROW(transformer.forward({}, cache, workspace, pool, level, {}), Error);
}

// A copy of `model` with one tensor left out or replaced.
std::vector<std::byte> edited(const gguf::File& model, const std::string& name,
                              std::optional<tensor::TensorType> retype,
                              std::vector<std::uint64_t> reshape = {}) {
  gguf::Writer writer;
  writer.metadata() = model.metadata();
  for (const gguf::TensorInfo& info : model.tensors()) {
    const std::span<const std::byte> data = model.tensor_data(info);
    std::vector<std::byte> bytes(data.begin(), data.end());
    if (info.name != name) {
      writer.add_tensor(info.name, info.shape, info.type, std::move(bytes));
    } else if (retype) {
      bytes.resize(*tensor::bytes_for_elements(*retype, info.element_count()));
      writer.add_tensor(info.name, info.shape, *retype, std::move(bytes));
    } else if (!reshape.empty()) {
      std::uint64_t elements = 1;
      for (std::uint64_t dimension : reshape) elements *= dimension;
      bytes.resize(*tensor::bytes_for_elements(info.type, elements));
      writer.add_tensor(info.name, reshape, info.type, std::move(bytes));
    }
  }
  return writer.to_bytes();
}

TEST_F(TransformerTest, NamesTheTensorThatIsMissingMisshapenOrOfAnUnsupportedType) {
  const auto model = build(narrow_shape(Architecture::qwen2), WeightFormat::f32, vocabulary());
  const auto expect_error = [](const std::vector<std::byte>& bytes, ErrorKind kind,
                               const std::string& text) {
    const gguf::File file = gguf::File::parse(bytes);
    try {
      const Transformer transformer(file);
      ADD_FAILURE() << "loaded a broken model";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), kind) << error.what();
      EXPECT_NE(std::string(error.what()).find(text), std::string::npos) << error.what();
    }
  };
  expect_error(edited(model->file, "blk.1.ffn_up.weight", std::nullopt), ErrorKind::invalid_data,
               "tensor 'blk.1.ffn_up.weight' is missing");
  expect_error(edited(model->file, "blk.0.attn_k.weight", std::nullopt, {64, 48}),
               ErrorKind::invalid_data, "'blk.0.attn_k.weight' has shape [64, 48]");
  expect_error(edited(model->file, "blk.0.ffn_down.weight", tensor::TensorType::q8_1),
               ErrorKind::unsupported, "'blk.0.ffn_down.weight' is Q8_1");
  expect_error(edited(model->file, "blk.0.attn_norm.weight", tensor::TensorType::f16),
               ErrorKind::unsupported, "'blk.0.attn_norm.weight' is F16");
}

}  // namespace
}  // namespace hearth::model
