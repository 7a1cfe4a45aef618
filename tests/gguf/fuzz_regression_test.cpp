// Every input the fuzzer has been seeded with or has crashed on, replayed:
// each must parse or be refused with hearth::Error, nothing else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/util/error.h"

namespace hearth::gguf {
namespace {

std::vector<std::filesystem::path> files_under(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> paths;
  if (!std::filesystem::is_directory(folder)) return paths;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  return paths;
}

std::vector<std::byte> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> chars((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  for (std::size_t i = 0; i < chars.size(); ++i) bytes[i] = static_cast<std::byte>(chars[i]);
  return bytes;
}

void expect_parses_or_refuses(const std::filesystem::path& path, const ReadLimits& limits) {
  const std::vector<std::byte> bytes = read_whole_file(path);
  try {
    const File file = File::parse(bytes, limits);
    for (const TensorInfo& tensor : file.tensors()) {
      EXPECT_EQ(file.tensor_data(tensor).size(), tensor.size_bytes);
    }
  } catch (const Error&) {
    // Refusing a malformed file is the expected outcome for most regressions.
  } catch (const std::exception& other) {
    ADD_FAILURE() << path << " threw something other than hearth::Error: " << other.what();
  }
}

TEST(FuzzInputs, SeedCorpusParses) {
  const auto corpus = files_under(std::filesystem::path(HEARTH_FUZZ_DIR) / "corpus" / "gguf");
  ASSERT_FALSE(corpus.empty()) << "the seed corpus is missing";
  for (const auto& path : corpus) {
    SCOPED_TRACE(path.string());
    const std::vector<std::byte> bytes = read_whole_file(path);
    EXPECT_NO_THROW(File::parse(bytes));
  }
}

TEST(FuzzInputs, EveryCorpusAndRegressionInputParsesOrIsRefused) {
  const std::filesystem::path fuzz_dir(HEARTH_FUZZ_DIR);
  ReadLimits tight;
  tight.max_string_bytes = 64;
  tight.max_array_items = 16;
  tight.max_metadata_entries = 16;
  tight.max_tensors = 16;
  tight.max_array_nesting = 2;
  for (const char* folder : {"corpus", "regressions"}) {
    for (const auto& path : files_under(fuzz_dir / folder / "gguf")) {
      SCOPED_TRACE(path.string());
      expect_parses_or_refuses(path, ReadLimits{});
      expect_parses_or_refuses(path, tight);
    }
  }
}

}  // namespace
}  // namespace hearth::gguf
