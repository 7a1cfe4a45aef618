// hearth.toml: the whole server configuration in one file — listening
// address and limits, local models, API keys with their policies and
// budgets, remote providers, routes, policies, the privacy scan, the cache
// and the audit log. See docs/config.md for every key.
//
// Validation is strict and happens before anything starts: an unknown key,
// a value of the wrong type or range, a reference to a provider, model or
// policy that does not exist, or a missing environment variable is an
// Error(invalid_data) whose message starts with "FILE:LINE:COLUMN: ".
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "hearth/server/api_server.h"

namespace hearth::config {

// Looks up an environment variable (std::getenv by default; tests pass a map).
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

// Reads the process environment.
Environment process_environment();

// Parses a configuration text. source_name is what messages call the file;
// relative paths in it (models, cache, audit, key files) are taken from
// base_dir. Model references that are not files are resolved as names of
// pulled models (hub::resolve_model_reference).
server::ServerConfig parse_config(std::string_view text, std::string_view source_name,
                                  const std::filesystem::path& base_dir, const Environment& env);

// Reads and parses a file (Error(not_found) when it does not exist).
server::ServerConfig load_config(const std::filesystem::path& path,
                                 const Environment& env = process_environment());

}  // namespace hearth::config
