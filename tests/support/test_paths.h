// Where tests find shared fixtures and put scratch files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hearth::testing {

// The shared/ folder beside the repository (vocabularies, chat templates).
// HEARTH_SHARED_DIR in the environment overrides the configured path.
std::filesystem::path shared_dir();

// A vocabulary GGUF from shared/vocab, e.g. vocab_path("qwen2").
std::filesystem::path vocab_path(std::string_view family);

// A fresh empty folder, removed when the object is destroyed.
class ScratchDir {
 public:
  ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace hearth::testing
