// Reading the checkout's own files into benchmark text (nothing is downloaded).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hearth::bench {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

// Regular files under `root` whose path passes `wanted`, in a fixed order,
// each followed by a newline.
template <typename Predicate>
std::string concatenate_files(const std::filesystem::path& root, Predicate wanted) {
  std::vector<std::filesystem::path> paths;
  if (std::filesystem::is_directory(root)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && !entry.is_symlink() && wanted(entry.path())) {
        paths.push_back(entry.path());
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  std::string text;
  for (const auto& path : paths) text += read_file(path) + "\n";
  return text;
}

}  // namespace hearth::bench
