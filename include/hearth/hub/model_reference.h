// What `-m/--model` (and the server's model setting) accepts: a path to a
// GGUF file, or the name of a model `hearth pull` downloaded.
#pragma once

#include <filesystem>
#include <string_view>

namespace hearth::hub {

// An existing file wins: the path is returned as given. Otherwise a name
// that looks like a path ("/x", "./x", "../x", "~/x", or "a/b/c" without a
// ':') is a missing file: Error(not_found) naming it. Otherwise the name is
// looked up among the pulled models (see find_stored_models): one match is
// its path; several are Error(invalid_argument) listing them; none is
// Error(not_found) saying where it looked and how to `hearth pull` it.
std::filesystem::path resolve_model_reference(std::string_view reference);

// The same, looking up names under `models_root` instead of
// models_directory().
std::filesystem::path resolve_model_reference(std::string_view reference,
                                              const std::filesystem::path& models_root);

}  // namespace hearth::hub
