// `hearth tokenize` run as a user would, checked against the golden vectors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "run_hearth.h"
#include "test_paths.h"

namespace hearth::testing {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The ids the golden file lists for the first test string equal to `text`.
std::string golden_ids(std::string_view family, std::string_view text) {
  const std::string base = vocab_path(family).string();
  const std::string inputs = read_text(base + ".inp");
  std::istringstream outputs(read_text(base + ".out"));
  const std::string separator = "\n__ggml_vocab_test__\n";
  std::size_t start = 0;
  std::string ids;
  while (std::getline(outputs, ids)) {
    const std::size_t end = inputs.find(separator, start);
    if (inputs.substr(start, end - start) == text) {
      return ids.substr(ids.find_first_not_of(' '));
    }
    if (end == std::string::npos) break;
    start = end + separator.size();
  }
  ADD_FAILURE() << "no golden string " << text;
  return {};
}

TEST(Tokenize, IdsMatchTheGoldenVectors) {
  for (const char* family : {"qwen2", "llama-spm", "llama-bpe", "gpt-2", "phi-3", "bert-bge"}) {
    const CommandResult result = run_hearth(
        {"tokenize", "-m", vocab_path(family).string(), "--ids", "--no-bos", "Hello world"});
    ASSERT_EQ(result.exit_code, 0) << family << ": " << result.err;
    EXPECT_EQ(result.out, golden_ids(family, "Hello world") + "\n") << family;
  }
}

TEST(Tokenize, ReadsStandardInput) {
  const std::string model = vocab_path("qwen2").string();
  const CommandResult from_argument =
      run_hearth({"tokenize", "-m", model, "--ids", "héllo\nwörld 🙂"});
  const CommandResult from_stdin =
      run_hearth({"tokenize", "-m", model, "--ids"}, "héllo\nwörld 🙂");
  const CommandResult from_dash =
      run_hearth({"tokenize", "-m", model, "--ids", "-"}, "héllo\nwörld 🙂");
  ASSERT_EQ(from_argument.exit_code, 0) << from_argument.err;
  EXPECT_EQ(from_stdin.out, from_argument.out);
  EXPECT_EQ(from_dash.out, from_argument.out);
}

TEST(Tokenize, AddsBosWhereTheModelAsksUnlessTold) {
  const std::string model = vocab_path("llama-spm").string();  // add_bos_token = true, BOS = 1
  const CommandResult with_bos = run_hearth({"tokenize", "-m", model, "--ids", "Hello"});
  const CommandResult without = run_hearth({"tokenize", "-m", model, "--ids", "--no-bos", "Hello"});
  ASSERT_EQ(with_bos.exit_code, 0) << with_bos.err;
  EXPECT_EQ(with_bos.out, "1 " + without.out);
}

TEST(Tokenize, SpecialTokensOnlyWhenAsked) {
  const std::string model = vocab_path("qwen2").string();
  const CommandResult plain = run_hearth({"tokenize", "-m", model, "--ids", "<|im_start|>"});
  const CommandResult parsed =
      run_hearth({"tokenize", "-m", model, "--ids", "--parse-special", "<|im_start|>"});
  EXPECT_EQ(parsed.out, "151644\n");
  EXPECT_NE(plain.out, parsed.out);
}

TEST(Tokenize, DefaultListsIdsWithPieces) {
  const CommandResult result =
      run_hearth({"tokenize", "-m", vocab_path("qwen2").string(), "Hello world"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"Hello\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\" world\""), std::string::npos) << result.out;

  const CommandResult pieces =
      run_hearth({"tokenize", "-m", vocab_path("qwen2").string(), "--pieces", "Hello world"});
  EXPECT_EQ(pieces.out, "\"Hello\" \" world\"\n");
}

TEST(Tokenize, Errors) {
  const std::string model = vocab_path("qwen2").string();
  EXPECT_EQ(run_hearth({"tokenize", "text"}).exit_code, 2);
  EXPECT_EQ(run_hearth({"tokenize", "-m", model, "--ids", "--pieces", "x"}).exit_code, 2);
  ScratchDir directory;
  const CommandResult missing =
      run_hearth({"tokenize", "-m", (directory / "none.gguf").string(), "x"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("none.gguf"), std::string::npos);
}

}  // namespace
}  // namespace hearth::testing
