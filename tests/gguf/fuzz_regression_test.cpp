// Every input the fuzzer has been seeded with or has crashed on, replayed:
// each must parse or be refused with hearth::Error, nothing else.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "fuzz_inputs.h"
#include "hearth/gguf/file.h"
#include "hearth/util/error.h"

namespace hearth::gguf {
namespace {

void expect_parses_or_refuses(const std::filesystem::path& path, const ReadLimits& limits) {
  const std::vector<std::uint8_t> raw = testing::read_file_bytes(path);
  const std::span<const std::byte> bytes = std::as_bytes(std::span(raw));
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
  const auto corpus = testing::fuzz_seed_corpus("gguf");
  ASSERT_FALSE(corpus.empty()) << "the seed corpus is missing";
  for (const auto& path : corpus) {
    SCOPED_TRACE(path.string());
    const std::vector<std::uint8_t> raw = testing::read_file_bytes(path);
    EXPECT_NO_THROW(File::parse(std::as_bytes(std::span(raw))));
  }
}

TEST(FuzzInputs, EveryCorpusAndRegressionInputParsesOrIsRefused) {
  ReadLimits tight;
  tight.max_string_bytes = 64;
  tight.max_array_items = 16;
  tight.max_metadata_entries = 16;
  tight.max_tensors = 16;
  tight.max_array_nesting = 2;
  for (const auto& path : testing::fuzz_inputs("gguf")) {
    SCOPED_TRACE(path.string());
    expect_parses_or_refuses(path, ReadLimits{});
    expect_parses_or_refuses(path, tight);
  }
}

}  // namespace
}  // namespace hearth::gguf
