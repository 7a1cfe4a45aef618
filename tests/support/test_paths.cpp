#include "test_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace hearth::testing {

std::filesystem::path shared_dir() {
  if (const char* from_env = std::getenv("HEARTH_SHARED_DIR"); from_env && *from_env) {
    return from_env;
  }
  return HEARTH_DEFAULT_SHARED_DIR;
}

std::filesystem::path vocab_path(std::string_view family) {
  return shared_dir() / "vocab" / ("ggml-vocab-" + std::string(family) + ".gguf");
}

ScratchDir::ScratchDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hearth-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace hearth::testing
