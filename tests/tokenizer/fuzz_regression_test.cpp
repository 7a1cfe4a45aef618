// Every input the tokenizer fuzzer was seeded with or has failed on,
// replayed through the fuzz target itself (fuzz/tokenizer_fuzz.cpp is
// linked into this binary): each must encode and decode as the API
// documents. A failing check aborts, as it does under libFuzzer.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::tokenizer {
namespace {

std::vector<std::filesystem::path> files_under(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> paths;
  if (!std::filesystem::is_directory(folder)) return paths;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  return paths;
}

std::vector<std::uint8_t> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  const std::filesystem::path fuzz_dir(HEARTH_FUZZ_DIR);
  ASSERT_FALSE(files_under(fuzz_dir / "corpus" / "tokenizer").empty())
      << "the seed corpus is missing";
  for (const char* folder : {"corpus", "regressions"}) {
    for (const auto& path : files_under(fuzz_dir / folder / "tokenizer")) {
      SCOPED_TRACE(path.string());
      const std::vector<std::uint8_t> bytes = read_whole_file(path);
      EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0);
    }
  }
}

}  // namespace
}  // namespace hearth::tokenizer
