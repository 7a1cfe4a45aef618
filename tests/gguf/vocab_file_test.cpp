// The vocabulary GGUFs llama.cpp ships (shared/vocab): each opens, carries the
// tokenizer metadata we expect, and survives a rewrite by our Writer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/gguf/writer.h"
#include "test_paths.h"

namespace hearth::gguf {
namespace {

using hearth::testing::ScratchDir;

struct VocabExpectation {
  std::string family;
  std::string tokenizer_model;
  std::size_t token_count;
};

class VocabFileTest : public ::testing::TestWithParam<VocabExpectation> {};

TEST_P(VocabFileTest, HasTheTokenizerMetadata) {
  const VocabExpectation& expected = GetParam();
  const File file = File::open(hearth::testing::vocab_path(expected.family));
  EXPECT_EQ(file.version(), 3u);
  EXPECT_TRUE(file.tensors().empty());
  EXPECT_EQ(file.metadata().get_string("tokenizer.ggml.model"), expected.tokenizer_model);

  const Array* tokens = file.metadata().get_array("tokenizer.ggml.tokens");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ(tokens->element_type, ValueType::string);
  EXPECT_EQ(tokens->items.size(), expected.token_count);
  for (const Value& token : tokens->items) ASSERT_NE(token.as_string(), nullptr);

  const Array* types = file.metadata().get_array("tokenizer.ggml.token_type");
  ASSERT_NE(types, nullptr);
  EXPECT_EQ(types->element_type, ValueType::int32);
  EXPECT_EQ(types->items.size(), expected.token_count);
}

INSTANTIATE_TEST_SUITE_P(Families, VocabFileTest,
                         ::testing::Values(VocabExpectation{"bert-bge", "bert", 30522},
                                           VocabExpectation{"gpt-2", "gpt2", 50257},
                                           VocabExpectation{"llama-bpe", "gpt2", 128256},
                                           VocabExpectation{"llama-spm", "llama", 32000},
                                           VocabExpectation{"phi-3", "llama", 32064},
                                           VocabExpectation{"qwen2", "gpt2", 151936}),
                         [](const auto& test_param) {
                           std::string name = test_param.param.family;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

std::vector<std::filesystem::path> every_vocab_file() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry :
       std::filesystem::directory_iterator(hearth::testing::shared_dir() / "vocab")) {
    if (entry.path().extension() == ".gguf") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST(VocabFiles, EveryOneOpensAndSurvivesARewrite) {
  const std::vector<std::filesystem::path> paths = every_vocab_file();
  ASSERT_GE(paths.size(), 6u);
  ScratchDir scratch;
  for (const std::filesystem::path& path : paths) {
    SCOPED_TRACE(path.string());
    const File original = File::open(path);
    EXPECT_GT(original.metadata().size(), 0u);

    Writer writer(original.version());
    for (const KeyValue& entry : original.metadata().entries()) {
      writer.metadata().set(entry.key, entry.value);
    }
    const std::filesystem::path copy = scratch / path.filename().string();
    writer.write(copy);

    const File reread = File::open(copy);
    EXPECT_EQ(reread.metadata(), original.metadata());
    EXPECT_TRUE(reread.tensors().empty());
  }
}

}  // namespace
}  // namespace hearth::gguf
