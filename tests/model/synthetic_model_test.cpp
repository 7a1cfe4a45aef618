#include "hearth/model/synthetic_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>

#include "hearth/gguf/file.h"
#include "hearth/model/metadata_keys.h"
#include "hearth/model/tensor_layout.h"
#include "hearth/model/tensor_type_plan.h"
#include "hearth/model/tokenizer_metadata.h"
#include "hearth/tensor/quantize.h"
#include "hearth/util/error.h"
#include "small_vocabulary.h"
#include "test_paths.h"

namespace hearth::model {
namespace {

constexpr std::uint32_t kSmallVocabularySize = 300;

// 256-wide rows, so that every uniform K-quant is really used.
Hyperparameters small_shape(Architecture architecture) {
  Hyperparameters hp;
  hp.architecture = architecture;
  hp.n_vocab = kSmallVocabularySize;
  hp.context_length = 1024;
  hp.n_embd = 256;
  hp.n_layer = 2;
  hp.n_head = 4;
  hp.n_head_kv = 2;
  hp.head_dim = 64;
  hp.rope_dimension_count = 64;
  hp.n_ff = 512;
  hp.rope_freq_base = 1e6f;
  hp.rms_norm_eps = 1e-6f;
  hp.tied_embeddings = architecture != Architecture::llama;
  return hp;
}

class SyntheticModel : public ::testing::Test {
 protected:
  SyntheticModel() { write_small_vocabulary(vocabulary(), kSmallVocabularySize); }

  std::filesystem::path vocabulary() const { return scratch_ / "vocab.gguf"; }

  SyntheticModelSpec small_spec(Architecture architecture, WeightFormat format) const {
    SyntheticModelSpec spec;
    spec.name = "small";
    spec.hyperparameters = small_shape(architecture);
    spec.vocabulary = vocabulary();
    spec.weight_format = format;
    spec.seed = 42;
    return spec;
  }

  hearth::testing::ScratchDir scratch_;
};

std::vector<float> dequantized(const gguf::File& file, std::string_view name) {
  const gguf::TensorInfo* info = file.find_tensor(name);
  if (info == nullptr) throw std::runtime_error("no tensor " + std::string(name));
  std::vector<float> values(info->element_count());
  tensor::dequantize(info->type, file.tensor_data(*info), values);
  return values;
}

struct Moments {
  double mean;
  double stddev;
};

Moments moments(const std::vector<float>& values) {
  double sum = 0.0;
  double sum_of_squares = 0.0;
  for (float value : values) {
    sum += value;
    sum_of_squares += double{value} * value;
  }
  const double mean = sum / static_cast<double>(values.size());
  return {mean, std::sqrt(sum_of_squares / static_cast<double>(values.size()) - mean * mean)};
}

std::vector<char> read_file(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

TEST_F(SyntheticModel, EveryArchitectureInEveryFormat) {
  for (const ArchitectureTraits& traits : all_architectures()) {
    for (WeightFormat format : all_weight_formats()) {
      SCOPED_TRACE(std::string(traits.name) + " " + std::string(weight_format_name(format)));
      const SyntheticModelSpec spec = small_spec(traits.architecture, format);
      const std::filesystem::path path = scratch_ / "model.gguf";
      write_synthetic_model(spec, path);
      const gguf::File file = gguf::File::open(path);

      const std::vector<TensorSpec> layout = tensor_layout(spec.hyperparameters);
      const std::vector<tensor::TensorType> types =
          plan_tensor_types(layout, format, spec.hyperparameters.n_layer);
      ASSERT_EQ(file.tensors().size(), layout.size());
      for (std::size_t i = 0; i < layout.size(); ++i) {
        const gguf::TensorInfo& info = file.tensors()[i];
        EXPECT_EQ(info.name, layout[i].name);
        EXPECT_EQ(info.shape, layout[i].shape) << info.name;
        EXPECT_EQ(info.type, types[i]) << info.name;
      }

      const gguf::Metadata& metadata = file.metadata();
      EXPECT_EQ(read_hyperparameters(file), spec.hyperparameters);
      EXPECT_EQ(metadata.get_string("general.architecture"), traits.name);
      EXPECT_EQ(metadata.get_string("general.name"), "small");
      EXPECT_EQ(metadata.get_uint("general.file_type"),
                static_cast<std::uint32_t>(file_type_of(format)));
      EXPECT_EQ(metadata.get_uint("general.quantization_version"), 2u);
      EXPECT_EQ(metadata.get_string("tokenizer.ggml.model"), "gpt2");
      EXPECT_EQ(tokenizer_token_count(metadata), kSmallVocabularySize);
      EXPECT_TRUE(metadata.contains("tokenizer.ggml.merges"));
      EXPECT_EQ(metadata.get_uint("tokenizer.ggml.eos_token_id"), 1u);
    }
  }
}

TEST_F(SyntheticModel, WeightsFollowTheRequestedDistribution) {
  struct Case {
    WeightFormat format;
    double tolerance;  // relative, on the standard deviation
  };
  for (const Case& c : {Case{WeightFormat::f32, 0.02}, Case{WeightFormat::bf16, 0.02},
                        Case{WeightFormat::q8_0, 0.03}, Case{WeightFormat::q6_k, 0.05},
                        Case{WeightFormat::q4_k, 0.15}, Case{WeightFormat::q4_0, 0.15}}) {
    SCOPED_TRACE(weight_format_name(c.format));
    const gguf::Writer writer = build_synthetic_model(small_spec(Architecture::qwen2, c.format));
    const std::vector<std::byte> bytes = writer.to_bytes();
    const gguf::File file = gguf::File::parse(bytes);

    const Moments matrix = moments(dequantized(file, "blk.1.ffn_up.weight"));
    EXPECT_NEAR(matrix.mean, 0.0, 0.002);
    EXPECT_NEAR(matrix.stddev, 0.02, 0.02 * c.tolerance);

    const Moments norm = moments(dequantized(file, "blk.0.attn_norm.weight"));
    EXPECT_NEAR(norm.mean, 1.0, 0.01);
    EXPECT_NEAR(norm.stddev, 0.02, 0.005);

    const Moments bias = moments(dequantized(file, "blk.0.attn_q.bias"));
    EXPECT_NEAR(bias.mean, 0.0, 0.01);
    EXPECT_NEAR(bias.stddev, 0.02, 0.005);
  }
}

TEST_F(SyntheticModel, SameSeedSameBytesWhateverTheThreads) {
  SyntheticModelSpec spec = small_spec(Architecture::qwen3, WeightFormat::q4_k_m);
  spec.threads = 1;
  const std::vector<std::byte> one_thread = build_synthetic_model(spec).to_bytes();
  spec.threads = 3;
  EXPECT_EQ(build_synthetic_model(spec).to_bytes(), one_thread);

  write_synthetic_model(spec, scratch_ / "a.gguf");
  write_synthetic_model(spec, scratch_ / "b.gguf");
  EXPECT_EQ(read_file(scratch_ / "a.gguf"), read_file(scratch_ / "b.gguf"));

  spec.seed = 43;
  const std::vector<std::byte> other_seed = build_synthetic_model(spec).to_bytes();
  ASSERT_EQ(other_seed.size(), one_thread.size());
  EXPECT_NE(other_seed, one_thread);
}

TEST_F(SyntheticModel, DifferentTensorsGetDifferentWeights) {
  const std::vector<std::byte> bytes =
      build_synthetic_model(small_spec(Architecture::llama, WeightFormat::f32)).to_bytes();
  const gguf::File file = gguf::File::parse(bytes);
  EXPECT_NE(dequantized(file, "blk.0.ffn_up.weight"), dequantized(file, "blk.0.ffn_gate.weight"));
  EXPECT_NE(dequantized(file, "blk.0.ffn_up.weight"), dequantized(file, "blk.1.ffn_up.weight"));
}

TEST_F(SyntheticModel, PadsTheVocabularyToTheEmbedding) {
  SyntheticModelSpec spec = small_spec(Architecture::qwen2, WeightFormat::q8_0);
  spec.hyperparameters.n_vocab = 320;
  const std::vector<std::byte> bytes = build_synthetic_model(spec).to_bytes();
  const gguf::File file = gguf::File::parse(bytes);

  EXPECT_EQ(file.find_tensor("token_embd.weight")->shape, (std::vector<std::uint64_t>{256, 320}));
  const gguf::Array* tokens = file.metadata().get_array("tokenizer.ggml.tokens");
  ASSERT_EQ(tokens->items.size(), 320u);
  EXPECT_EQ(*tokens->items[299].as_string(), "t299");
  EXPECT_EQ(*tokens->items[300].as_string(), "[PAD300]");
  EXPECT_EQ(file.metadata().get_array("tokenizer.ggml.token_type")->items[319],
            gguf::Value(kUnusedTokenType));
  EXPECT_EQ(file.metadata().get_uint("qwen2.vocab_size"), 320u);
}

TEST_F(SyntheticModel, VocabularyTooLargeForTheModel) {
  SyntheticModelSpec spec = small_spec(Architecture::qwen2, WeightFormat::f16);
  spec.hyperparameters.n_vocab = 200;
  try {
    build_synthetic_model(spec);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
    EXPECT_NE(error.message().find("300 tokens"), std::string::npos) << error.message();
  }

  spec.vocab_from_tokenizer = true;
  const std::vector<std::byte> bytes = build_synthetic_model(spec).to_bytes();
  EXPECT_EQ(read_hyperparameters(gguf::File::parse(bytes)).n_vocab, kSmallVocabularySize);
}

TEST_F(SyntheticModel, RejectsBadSpecs) {
  SyntheticModelSpec spec = small_spec(Architecture::llama, WeightFormat::f16);
  spec.hyperparameters.n_head_kv = 3;
  try {
    build_synthetic_model(spec);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
    EXPECT_NE(error.message().find("n_head_kv (3)"), std::string::npos) << error.message();
  }

  spec = small_spec(Architecture::llama, WeightFormat::f16);
  spec.vocabulary = scratch_ / "absent.gguf";
  try {
    write_synthetic_model(spec, scratch_ / "model.gguf");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
  EXPECT_FALSE(std::filesystem::exists(scratch_ / "model.gguf"));
}

TEST_F(SyntheticModel, Q4KMWithRealRowWidth) {
  // Qwen2.5-0.5B's 896-wide rows and head layout on 8 shorter layers.
  SyntheticModelSpec spec = small_spec(Architecture::qwen2, WeightFormat::q4_k_m);
  spec.hyperparameters.n_embd = 896;
  spec.hyperparameters.n_head = 14;
  spec.hyperparameters.n_head_kv = 2;
  spec.hyperparameters.head_dim = 64;
  spec.hyperparameters.n_layer = 8;
  spec.hyperparameters.n_ff = 1024;
  write_synthetic_model(spec, scratch_ / "q4_k_m.gguf");
  const gguf::File file = gguf::File::open(scratch_ / "q4_k_m.gguf");

  using tensor::TensorType;
  auto type_of = [&](const std::string& name) { return file.find_tensor(name)->type; };
  EXPECT_EQ(type_of("token_embd.weight"), TensorType::q8_0);
  for (std::uint32_t layer = 0; layer < 8; ++layer) {
    const std::string block = "blk." + std::to_string(layer) + ".";
    const bool more_bits = layer == 0 || layer == 3 || layer == 6 || layer == 7;
    EXPECT_EQ(type_of(block + "attn_q.weight"), TensorType::q5_0) << block;
    EXPECT_EQ(type_of(block + "attn_v.weight"), more_bits ? TensorType::q8_0 : TensorType::q5_0)
        << block;
    EXPECT_EQ(type_of(block + "ffn_down.weight"), more_bits ? TensorType::q6_k : TensorType::q4_k)
        << block;
    EXPECT_EQ(type_of(block + "attn_v.bias"), TensorType::f32) << block;
  }
  const Moments down = moments(dequantized(file, "blk.1.ffn_down.weight"));
  EXPECT_NEAR(down.stddev, 0.02, 0.003);
  EXPECT_EQ(file.metadata().get_uint("general.file_type"), 15u);
}

TEST_F(SyntheticModel, TinyPresetsWithRealVocabularies) {
  for (std::string_view name : {"tiny", "tiny-llama", "tiny-qwen3"}) {
    SCOPED_TRACE(name);
    const ModelPreset& preset = *find_preset(name);
    SyntheticModelSpec spec =
        make_synthetic_spec(preset, hearth::testing::vocab_path(preset.vocabulary));
    spec.weight_format = WeightFormat::q8_0;
    const std::filesystem::path path = scratch_ / (std::string(name) + ".gguf");
    write_synthetic_model(spec, path);
    const gguf::File file = gguf::File::open(path);

    const gguf::File vocabulary = gguf::File::open(spec.vocabulary);
    Hyperparameters expected = preset.hyperparameters;
    expected.n_vocab = static_cast<std::uint32_t>(*tokenizer_token_count(vocabulary.metadata()));
    EXPECT_EQ(read_hyperparameters(file), expected);
    EXPECT_EQ(file.metadata().get_string("tokenizer.ggml.pre"),
              vocabulary.metadata().get_string("tokenizer.ggml.pre"));
    EXPECT_EQ(file.metadata().get_string("general.name"), "synthetic " + std::string(name));
  }
}

}  // namespace
}  // namespace hearth::model
