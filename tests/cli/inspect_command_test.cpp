// `hearth inspect` run as a user would: on the real vocabulary files, on a
// generated model, and on broken input.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "hearth/model/presets.h"
#include "hearth/model/synthetic_model.h"
#include "run_hearth.h"
#include "test_paths.h"

namespace hearth::testing {
namespace {

struct VocabularyCase {
  const char* family;
  const char* tokenizer_model;
  std::uint64_t vocabulary_size;
};

void PrintTo(const VocabularyCase& value, std::ostream* out) {
  *out << value.family;
}

class InspectVocabulary : public ::testing::TestWithParam<VocabularyCase> {};

TEST_P(InspectVocabulary, TextNamesTokenizerAndSize) {
  const VocabularyCase& expected = GetParam();
  const CommandResult result = run_hearth({"inspect", vocab_path(expected.family).string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(std::string(expected.tokenizer_model) + " (pre-tokenizer"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find(std::to_string(expected.vocabulary_size) + " tokens"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("no tensors"), std::string::npos) << result.out;
}

TEST_P(InspectVocabulary, JsonIsOneObjectWithTheSameFacts) {
  const VocabularyCase& expected = GetParam();
  const CommandResult result =
      run_hearth({"inspect", "--json", vocab_path(expected.family).string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json.at("tokenizer_model"), expected.tokenizer_model);
  EXPECT_EQ(json.at("vocabulary_size"), expected.vocabulary_size);
  EXPECT_EQ(json.at("tensor_count"), 0);
  EXPECT_EQ(json.at("gguf_version"), 3);
}

// Token counts as the vocabulary files state them (tokenizer.ggml.tokens).
INSTANTIATE_TEST_SUITE_P(SharedVocabularies, InspectVocabulary,
                         ::testing::Values(VocabularyCase{"llama-spm", "llama", 32000},
                                           VocabularyCase{"llama-bpe", "gpt2", 128256},
                                           VocabularyCase{"qwen2", "gpt2", 151936},
                                           VocabularyCase{"phi-3", "llama", 32064},
                                           VocabularyCase{"gpt-2", "gpt2", 50257},
                                           VocabularyCase{"bert-bge", "bert", 30522}),
                         [](const ::testing::TestParamInfo<VocabularyCase>& param_info) {
                           std::string name = param_info.param.family;
                           for (char& c : name) c = (c == '-') ? '_' : c;
                           return name;
                         });

class InspectGeneratedModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = std::make_unique<ScratchDir>();
    model::SyntheticModelSpec spec =
        model::make_synthetic_spec(*model::find_preset("tiny"), vocab_path("qwen2"));
    spec.weight_format = model::WeightFormat::q8_0;
    spec.name = "inspect-test";
    model::write_synthetic_model(spec, path());
  }
  static void TearDownTestSuite() { directory_.reset(); }
  static std::string path() { return (*directory_ / "tiny.gguf").string(); }

  static std::unique_ptr<ScratchDir> directory_;
};
std::unique_ptr<ScratchDir> InspectGeneratedModel::directory_;

TEST_F(InspectGeneratedModel, TextShowsShapeTypesAndMemory) {
  const CommandResult result = run_hearth({"inspect", path(), "--ctx", "1024"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* expected : {"qwen2", "inspect-test", "Q8_0", "F32", "at context 1024",
                               "layers           2", "chat template    yes"}) {
    EXPECT_NE(result.out.find(expected), std::string::npos) << expected << "\n" << result.out;
  }
}

TEST_F(InspectGeneratedModel, JsonMemoryFollowsTheRequestedContext) {
  const auto kv_bytes = [](const std::string& ctx) {
    const CommandResult result = run_hearth({"inspect", "--json", "--ctx", ctx, path()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const nlohmann::json json = nlohmann::json::parse(result.out);
    return json.at("memory").at("kv_cache_bytes").get<std::uint64_t>();
  };
  // tiny: 2 layers x 2 KV heads x 16 head dim x (K + V) x 2 bytes per F16 value.
  EXPECT_EQ(kv_bytes("1000"), 2u * 1000 * 2 * 16 * 2 * 2);
  EXPECT_EQ(kv_bytes("4000"), 4 * kv_bytes("1000"));
}

TEST_F(InspectGeneratedModel, TensorsListsEveryTensorWithAlignedOffsets) {
  const CommandResult result = run_hearth({"inspect", "--json", "--tensors", path()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  const nlohmann::json& tensors = json.at("tensors");
  ASSERT_EQ(tensors.size(), json.at("tensor_count").get<std::size_t>());
  std::uint64_t parameters = 0;
  for (const nlohmann::json& tensor : tensors) {
    EXPECT_EQ(tensor.at("offset").get<std::uint64_t>() % 32, 0u) << tensor.dump();
    std::uint64_t elements = 1;
    for (std::uint64_t dimension : tensor.at("shape")) elements *= dimension;
    parameters += elements;
  }
  EXPECT_EQ(parameters, json.at("parameter_count").get<std::uint64_t>());
  EXPECT_EQ(tensors.front().at("name"), "token_embd.weight");

  const CommandResult text = run_hearth({"inspect", "--tensors", path()});
  EXPECT_NE(text.out.find("blk.1.ffn_down.weight"), std::string::npos);
}

TEST(InspectErrors, MissingFileIsARuntimeFailure) {
  ScratchDir directory;
  const CommandResult result = run_hearth({"inspect", (directory / "absent.gguf").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("absent.gguf"), std::string::npos) << result.err;
}

TEST(InspectErrors, CorruptFileNamesTheProblemAndOffset) {
  ScratchDir directory;
  const auto path = directory / "corrupt.gguf";
  { std::ofstream(path, std::ios::binary) << "GGUF\x03\x00\x00\x00 truncated"; }
  const CommandResult result = run_hearth({"inspect", path.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("gguf: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("offset"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty());
}

TEST(InspectErrors, NotAGgufFileIsRejected) {
  ScratchDir directory;
  const auto path = directory / "text.gguf";
  { std::ofstream(path) << "just some text, not a model\n"; }
  const CommandResult result = run_hearth({"inspect", path.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("magic"), std::string::npos) << result.err;
}

TEST(InspectErrors, ZeroContextIsAUsageError) {
  EXPECT_EQ(run_hearth({"inspect", "--ctx", "0", vocab_path("qwen2").string()}).exit_code, 2);
}

}  // namespace
}  // namespace hearth::testing
