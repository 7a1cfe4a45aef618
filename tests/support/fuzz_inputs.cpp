#include "fuzz_inputs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace hearth::testing {
namespace {

std::vector<std::filesystem::path> files_under(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> paths;
  if (!std::filesystem::is_directory(folder)) return paths;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

std::vector<std::filesystem::path> fuzz_seed_corpus(std::string_view name) {
  return files_under(std::filesystem::path(HEARTH_FUZZ_DIR) / "corpus" / name);
}

std::vector<std::filesystem::path> fuzz_inputs(std::string_view name) {
  std::vector<std::filesystem::path> paths = fuzz_seed_corpus(name);
  const std::vector<std::filesystem::path> regressions =
      files_under(std::filesystem::path(HEARTH_FUZZ_DIR) / "regressions" / name);
  paths.insert(paths.end(), regressions.begin(), regressions.end());
  return paths;
}

std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replay_fuzz_inputs(std::string_view name, FuzzTarget target) {
  ASSERT_FALSE(fuzz_seed_corpus(name).empty()) << "the seed corpus of " << name << " is missing";
  for (const auto& path : fuzz_inputs(name)) {
    SCOPED_TRACE(path.string());
    const std::vector<std::uint8_t> bytes = read_file_bytes(path);
    EXPECT_EQ(target(bytes.data(), bytes.size()), 0);
  }
}

}  // namespace hearth::testing
