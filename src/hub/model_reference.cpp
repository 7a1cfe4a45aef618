#include "hearth/hub/model_reference.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <system_error>

#include "hearth/hub/model_store.h"
#include "hearth/hub/models_directory.h"
#include "hearth/util/error.h"

namespace hearth::hub {
namespace {

bool ends_with_gguf(std::string_view text) {
  return text.size() >= 5 && std::equal(text.end() - 5, text.end(), ".gguf", [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// Names of pulled models are "owner/repo:file", "owner/repo" or one word;
// anything else the user meant as a path.
bool looks_like_path(std::string_view reference) {
  if (reference.starts_with('/') || reference.starts_with("./") || reference.starts_with("../") ||
      reference.starts_with('~') || reference == "." || reference == "..") {
    return true;
  }
  if (reference.find(':') != std::string_view::npos) return false;
  const std::size_t slash = reference.find('/');
  if (slash == std::string_view::npos) return false;
  if (reference.find('/', slash + 1) != std::string_view::npos) return true;
  return ends_with_gguf(reference);  // "models/x.gguf", not a repository
}

// The file `reference` names when it is a path; nullopt for a model name.
std::optional<std::filesystem::path> as_path(std::string_view reference) {
  if (reference.empty()) raise(ErrorKind::invalid_argument, "no model given");
  std::error_code error;
  if (std::filesystem::exists(reference, error)) return std::filesystem::path(reference);
  if (looks_like_path(reference)) {
    raise(ErrorKind::not_found, "model file {} does not exist", reference);
  }
  return std::nullopt;
}

}  // namespace

std::filesystem::path resolve_model_reference(std::string_view reference) {
  if (std::optional<std::filesystem::path> path = as_path(reference)) return *path;
  return find_stored_model(models_directory(), reference).path;
}

std::filesystem::path resolve_model_reference(std::string_view reference,
                                              const std::filesystem::path& models_root) {
  if (std::optional<std::filesystem::path> path = as_path(reference)) return *path;
  return find_stored_model(models_root, reference).path;
}

}  // namespace hearth::hub
