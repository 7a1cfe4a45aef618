// `hearth make-model` run as a user would.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "run_hearth.h"
#include "test_paths.h"

namespace hearth::testing {
namespace {

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(MakeModel, WritesAModelThatInspects) {
  ScratchDir directory;
  const auto path = directory / "tiny-llama.gguf";
  const CommandResult made =
      run_hearth({"make-model", "--preset", "tiny-llama", "--type", "q4_0", "--vocab",
                  vocab_path("llama-spm").string(), "-o", path.string(), "--name", "made"});
  ASSERT_EQ(made.exit_code, 0) << made.err;

  const CommandResult inspected = run_hearth({"inspect", "--json", path.string()});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  const nlohmann::json json = nlohmann::json::parse(inspected.out);
  EXPECT_EQ(json.at("architecture"), "llama");
  EXPECT_EQ(json.at("name"), "made");
  EXPECT_EQ(json.at("tokenizer_model"), "llama");
  EXPECT_EQ(json.at("layer_count"), 2);
  EXPECT_EQ(json.at("tensor_types").at(0).at("type"), "Q4_0");
}

TEST(MakeModel, CreatesTheOutputFolder) {
  ScratchDir directory;
  const auto path = directory / "models" / "nested" / "tiny.gguf";
  const CommandResult made =
      run_hearth({"make-model", "--vocab", vocab_path("qwen2").string(), "-o", path.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_TRUE(std::filesystem::is_regular_file(path));
}

TEST(MakeModel, UncreatableFolderFailsBeforeGenerating) {
  ScratchDir directory;
  { std::ofstream(directory / "plain-file") << "x"; }
  const CommandResult made = run_hearth({"make-model", "--vocab", vocab_path("qwen2").string(),
                                         "-o", (directory / "plain-file" / "model.gguf").string()});
  EXPECT_EQ(made.exit_code, 1);
  EXPECT_NE(made.err.find("cannot create folder"), std::string::npos) << made.err;
}

TEST(MakeModel, SameSeedSameBytesOtherSeedOtherBytes) {
  ScratchDir directory;
  const auto make = [&](const char* file, const char* seed) {
    const CommandResult result =
        run_hearth({"make-model", "--vocab", vocab_path("qwen2").string(), "--seed", seed, "-o",
                    (directory / file).string(), "--type", "Q4_K_M"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return file_bytes(directory / file);
  };
  const std::string first = make("a.gguf", "7");
  EXPECT_EQ(first, make("b.gguf", "7"));
  EXPECT_NE(first, make("c.gguf", "8"));
}

TEST(MakeModel, LayerOverrideChangesTheShape) {
  ScratchDir directory;
  const auto path = directory / "three.gguf";
  ASSERT_EQ(run_hearth({"make-model", "--vocab", vocab_path("qwen2").string(), "--layers", "3",
                        "-o", path.string()})
                .exit_code,
            0);
  const nlohmann::json json =
      nlohmann::json::parse(run_hearth({"inspect", "--json", path.string()}).out);
  EXPECT_EQ(json.at("layer_count"), 3);
}

TEST(MakeModel, ListPresetsNamesTheRealShapes) {
  const CommandResult result = run_hearth({"make-model", "--list-presets"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("qwen2.5-0.5b"), std::string::npos);
  EXPECT_NE(result.out.find("tiny"), std::string::npos);
}

TEST(MakeModel, UsageErrors) {
  ScratchDir directory;
  const std::string vocab = vocab_path("qwen2").string();
  const std::string out = (directory / "x.gguf").string();
  EXPECT_EQ(run_hearth({"make-model", "--vocab", vocab}).exit_code, 2);
  EXPECT_EQ(run_hearth({"make-model", "-o", out}).exit_code, 2);
  EXPECT_EQ(run_hearth({"make-model", "--vocab", vocab, "-o", out, "--preset", "gpt-7"}).exit_code,
            2);
  EXPECT_EQ(run_hearth({"make-model", "--vocab", vocab, "-o", out, "--type", "q3_xs"}).exit_code,
            2);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(MakeModel, MissingVocabularyFailsWithoutLeavingAFile) {
  ScratchDir directory;
  const auto out = directory / "x.gguf";
  const CommandResult result =
      run_hearth({"make-model", "--vocab", (directory / "none.gguf").string(), "-o", out.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("none.gguf"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_TRUE(std::filesystem::is_empty(directory.path()));
}

}  // namespace
}  // namespace hearth::testing
