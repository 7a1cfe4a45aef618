#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "hearth/gguf/writer.h"
#include "hearth/model/description_json.h"
#include "hearth/model/model_description.h"
#include "hearth/model/synthetic_model.h"
#include "hearth/model/tensor_layout.h"
#include "small_vocabulary.h"
#include "test_paths.h"

namespace hearth::model {
namespace {

class Description : public ::testing::Test {
 protected:
  // The tiny preset with Qwen2's real tokenizer, mixed Q4_K_M weights.
  static void SetUpTestSuite() {
    scratch_ = std::make_unique<hearth::testing::ScratchDir>();
    const ModelPreset& tiny = *find_preset("tiny");
    SyntheticModelSpec spec = make_synthetic_spec(tiny, hearth::testing::vocab_path("qwen2"));
    spec.name = "tiny test model";
    spec.weight_format = WeightFormat::q4_k_m;
    write_synthetic_model(spec, model_path());
  }
  static void TearDownTestSuite() { scratch_.reset(); }
  static std::filesystem::path model_path() { return *scratch_ / "tiny.gguf"; }

  static inline std::unique_ptr<hearth::testing::ScratchDir> scratch_;
};

const SpecialToken* find_special(const ModelDescription& description, std::string_view role) {
  for (const SpecialToken& token : description.special_tokens) {
    if (token.role == role) return &token;
  }
  return nullptr;
}

std::vector<std::filesystem::path> vocabulary_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(hearth::testing::shared_dir() / "vocab")) {
    if (entry.path().extension() == ".gguf") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(Description, GeneratedModel) {
  const gguf::File file = gguf::File::open(model_path());
  const ModelDescription description = describe_model(file);

  EXPECT_EQ(description.architecture, "qwen2");
  EXPECT_EQ(description.name, "tiny test model");
  EXPECT_EQ(description.gguf_version, 3u);
  EXPECT_EQ(description.file_bytes, std::filesystem::file_size(model_path()));
  EXPECT_EQ(description.file_type, 15u);
  EXPECT_EQ(description.file_type_name, "Q4_K - Medium");
  EXPECT_EQ(description.quantization_version, 2u);

  Hyperparameters hp = find_preset("tiny")->hyperparameters;
  hp.n_vocab = 151936;
  const std::vector<TensorSpec> layout = tensor_layout(hp);
  EXPECT_EQ(description.tensor_count, layout.size());
  EXPECT_EQ(description.parameter_count, parameter_count(layout));

  EXPECT_EQ(description.context_length, 2048u);
  EXPECT_EQ(description.embedding_length, 64u);
  EXPECT_EQ(description.layer_count, 2u);
  EXPECT_EQ(description.head_count, 4u);
  EXPECT_EQ(description.head_count_kv, 2u);
  EXPECT_EQ(description.head_dim, 16u);
  EXPECT_EQ(description.feed_forward_length, 256u);
  EXPECT_EQ(description.rms_norm_eps, double{1e-6f});
  EXPECT_EQ(description.rope.freq_base, 1e6);
  EXPECT_EQ(description.rope.dimension_count, 16u);
  EXPECT_FALSE(description.rope.scaling_type);

  EXPECT_EQ(description.tokenizer_model, "gpt2");
  EXPECT_EQ(description.tokenizer_pre, "qwen2");
  EXPECT_EQ(description.vocabulary_size, 151936u);
  EXPECT_TRUE(description.has_chat_template);
  const SpecialToken* eos = find_special(description, "eos");
  ASSERT_NE(eos, nullptr);
  EXPECT_EQ(eos->id, 151643);
  EXPECT_EQ(eos->text, "<|endoftext|>");
  EXPECT_NE(find_special(description, "pad"), nullptr);
  EXPECT_EQ(find_special(description, "eot"), nullptr);
}

TEST_F(Description, TensorTypeMixIsSortedAndAddsUp) {
  const gguf::File file = gguf::File::open(model_path());
  const ModelDescription description = describe_model(file);

  std::uint64_t tensors = 0;
  std::uint64_t elements = 0;
  std::uint64_t bytes = 0;
  for (std::size_t i = 0; i < description.tensor_types.size(); ++i) {
    const TensorTypeUsage& usage = description.tensor_types[i];
    tensors += usage.tensor_count;
    elements += usage.element_count;
    bytes += usage.bytes;
    if (i > 0) {
      EXPECT_GE(description.tensor_types[i - 1].tensor_count, usage.tensor_count);
    }
  }
  EXPECT_EQ(tensors, description.tensor_count);
  EXPECT_EQ(elements, description.parameter_count);
  EXPECT_EQ(bytes, description.memory.weight_bytes);
  // 64-wide rows: Q4_K falls back to Q5_0 (5 matrices per layer, plus attn_v
  // of layer 0) and Q6_K to Q8_0 (the tied embedding, attn_v of layer 1);
  // ffn_down's 256-wide rows keep Q4_K (layer 0) and Q6_K (layer 1). Q5_0 and
  // F32 (2 norms + 3 biases per layer, output_norm) tie at 11 tensors and are
  // ordered by bytes, as are Q6_K and Q4_K.
  std::vector<std::pair<tensor::TensorType, std::uint64_t>> mix;
  for (const TensorTypeUsage& usage : description.tensor_types) {
    mix.emplace_back(usage.type, usage.tensor_count);
  }
  using tensor::TensorType;
  EXPECT_EQ(mix, (std::vector<std::pair<TensorType, std::uint64_t>>{{TensorType::q5_0, 11},
                                                                    {TensorType::f32, 11},
                                                                    {TensorType::q8_0, 2},
                                                                    {TensorType::q6_k, 1},
                                                                    {TensorType::q4_k, 1}}));
}

TEST_F(Description, MemoryEstimate) {
  const gguf::File file = gguf::File::open(model_path());
  // n_layer x context x n_head_kv x head_dim x (K and V) x 2 bytes of F16.
  const ModelDescription at_own_context = describe_model(file);
  EXPECT_EQ(at_own_context.memory.context_length, 2048u);
  EXPECT_EQ(at_own_context.memory.kv_cache_bytes, 2u * 2048u * 2u * 16u * 2u * 2u);

  const ModelDescription at_512 = describe_model(file, 512);
  EXPECT_EQ(at_512.memory.context_length, 512u);
  EXPECT_EQ(at_512.memory.kv_cache_bytes, 2u * 512u * 2u * 16u * 2u * 2u);
  EXPECT_EQ(at_512.memory.total_bytes, at_512.memory.weight_bytes + 2u * 512u * 2u * 16u * 2u * 2u);
  EXPECT_GT(at_512.memory.weight_bytes, 0u);
}

TEST_F(Description, Json) {
  const gguf::File file = gguf::File::open(model_path());
  const nlohmann::json json = to_json(describe_model(file, 1024));
  EXPECT_EQ(json["architecture"], "qwen2");
  EXPECT_EQ(json["layer_count"], 2);
  EXPECT_EQ(json["file_type_name"], "Q4_K - Medium");
  EXPECT_TRUE(json["rope"]["scaling_type"].is_null());
  EXPECT_EQ(json["rope"]["freq_base"], 1e6);
  EXPECT_EQ(json["tensor_types"][0]["type"], "Q5_0");
  EXPECT_EQ(json["tensor_types"][0]["tensors"], 11);
  EXPECT_EQ(json["memory"]["context_length"], 1024);
  EXPECT_EQ(json["memory"]["kv_cache_bytes"], 2 * 1024 * 2 * 16 * 2 * 2);
  EXPECT_EQ(json["special_tokens"][0]["role"], "bos");
  EXPECT_EQ(json["special_tokens"][0]["text"], "<|endoftext|>");
  EXPECT_EQ(json["has_chat_template"], true);
  EXPECT_TRUE(json["add_bos"].is_null());
}

TEST(DescriptionOfVocabularies, EveryVocabularyFileInShared) {
  const std::vector<std::filesystem::path> files = vocabulary_files();
  ASSERT_GE(files.size(), 6u);
  for (const std::filesystem::path& path : files) {
    SCOPED_TRACE(path.filename().string());
    const gguf::File file = gguf::File::open(path);
    const ModelDescription description = describe_model(file);
    EXPECT_TRUE(description.architecture);
    EXPECT_EQ(description.tensor_count, 0u);
    EXPECT_EQ(description.parameter_count, 0u);
    EXPECT_TRUE(description.tensor_types.empty());
    EXPECT_EQ(description.memory.weight_bytes, 0u);
    EXPECT_TRUE(description.tokenizer_model);
    EXPECT_GT(description.vocabulary_size.value_or(0), 0u);
    EXPECT_FALSE(description.special_tokens.empty());
    EXPECT_NO_THROW(to_json(description).dump());
  }
}

TEST(DescriptionOfVocabularies, Specifics) {
  auto describe = [](std::string_view family) {
    return describe_model(gguf::File::open(hearth::testing::vocab_path(family)));
  };
  const ModelDescription qwen2 = describe("qwen2");
  EXPECT_EQ(qwen2.tokenizer_model, "gpt2");
  EXPECT_EQ(qwen2.tokenizer_pre, "qwen2");
  EXPECT_EQ(qwen2.vocabulary_size, 151936u);
  EXPECT_TRUE(qwen2.has_chat_template);

  const ModelDescription spm = describe("llama-spm");
  EXPECT_EQ(spm.tokenizer_model, "llama");
  EXPECT_EQ(spm.add_bos, true);
  EXPECT_EQ(spm.add_eos, false);
  ASSERT_NE(find_special(spm, "bos"), nullptr);
  EXPECT_EQ(find_special(spm, "bos")->text, "<s>");
  EXPECT_EQ(find_special(spm, "unk")->text, "<unk>");

  const ModelDescription llama3 = describe("llama-bpe");
  EXPECT_EQ(llama3.tokenizer_pre, "llama-bpe");
  EXPECT_EQ(find_special(llama3, "bos")->text, "<|begin_of_text|>");
  EXPECT_EQ(llama3.rope.freq_base, 500000.0);
  // 32 layers x 8 KV heads of 128 at its 8192 context, K and V in F16.
  EXPECT_EQ(llama3.memory.kv_cache_bytes, 32ull * 8192 * 8 * 128 * 2 * 2);

  const ModelDescription bert = describe("bert-bge");
  EXPECT_EQ(bert.tokenizer_model, "bert");
  EXPECT_EQ(bert.head_count_kv, 12u);  // absent from the file: one KV head per head
  EXPECT_EQ(find_special(bert, "sep")->text, "[SEP]");
  EXPECT_EQ(find_special(bert, "cls")->text, "[CLS]");
  EXPECT_FALSE(bert.rms_norm_eps);

  const ModelDescription phi3 = describe("phi-3");
  EXPECT_EQ(phi3.rope.scaling_original_context_length, 4096u);
  EXPECT_EQ(phi3.file_type_name, "F16");
}

TEST(DescriptionOfOddFiles, MissingAndMistypedKeysAreAbsent) {
  gguf::Writer writer;
  writer.metadata().set("general.architecture", "qwen2");
  writer.metadata().set("qwen2.block_count", "many");
  writer.metadata().set("qwen2.embedding_length", std::uint32_t{64});
  writer.metadata().set("tokenizer.ggml.tokens", gguf::make_string_array({"a"}));
  writer.metadata().set("tokenizer.ggml.bos_token_id", std::int32_t{5});
  writer.metadata().set("general.file_type", std::uint32_t{1234});
  const std::vector<std::byte> bytes = writer.to_bytes();

  const ModelDescription description = describe_model(gguf::File::parse(bytes));
  EXPECT_FALSE(description.layer_count);
  EXPECT_EQ(description.embedding_length, 64u);
  EXPECT_FALSE(description.head_dim);
  EXPECT_FALSE(description.memory.kv_cache_bytes);
  EXPECT_FALSE(description.memory.total_bytes);
  EXPECT_EQ(description.file_type, 1234u);
  EXPECT_FALSE(description.file_type_name);
  ASSERT_EQ(description.special_tokens.size(), 1u);
  EXPECT_FALSE(description.special_tokens[0].text);  // id 5 of a 1-token list
}

TEST(DescriptionOfOddFiles, EmptyFile) {
  const std::vector<std::byte> bytes = gguf::Writer().to_bytes();
  const ModelDescription description = describe_model(gguf::File::parse(bytes), 4096);
  EXPECT_FALSE(description.architecture);
  EXPECT_FALSE(description.vocabulary_size);
  EXPECT_EQ(description.memory.context_length, 4096u);
  EXPECT_FALSE(description.memory.kv_cache_bytes);
  EXPECT_TRUE(to_json(description)["architecture"].is_null());
}

TEST(DescriptionOfOddFiles, HugeCountsDoNotOverflow) {
  gguf::Writer writer;
  writer.metadata().set("general.architecture", "llama");
  writer.metadata().set("llama.block_count", std::uint64_t{1} << 40);
  writer.metadata().set("llama.context_length", std::uint64_t{1} << 40);
  writer.metadata().set("llama.attention.head_count", std::uint32_t{8});
  writer.metadata().set("llama.attention.key_length", std::uint32_t{128});
  const std::vector<std::byte> bytes = writer.to_bytes();
  const ModelDescription description = describe_model(gguf::File::parse(bytes));
  EXPECT_FALSE(description.memory.kv_cache_bytes);
}

}  // namespace
}  // namespace hearth::model
