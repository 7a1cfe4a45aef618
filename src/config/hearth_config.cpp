#include "hearth/config/hearth_config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <system_error>

#include "config_context.h"
#include "config_error.h"
#include "hearth/util/error.h"
#include "nesting_guard.h"
#include "sections.h"
#include "table_reader.h"

namespace hearth::config {
namespace {

// The top-level tables, in the order they are read.
constexpr std::string_view kSections[] = {"server", "models",  "providers", "policies", "keys",
                                          "routes", "privacy", "cache",     "audit"};

// Far more than any configuration needs; a bigger file is a mistake.
constexpr std::size_t kMaxConfigBytes = std::size_t{1} << 20;

toml::table parse_document(std::string_view text, const std::string& source) {
  if (text.size() > kMaxConfigBytes) {
    raise(ErrorKind::resource_exhausted, "{}: the configuration is larger than 1 MiB", source);
  }
  detail::check_nesting(text, source);
  try {
    return toml::parse(text, std::string_view(source));
  } catch (const toml::parse_error& error) {
    detail::fail_at(error.source(), error.description());
  }
}

std::vector<std::string> names_of(const auto& items, auto member) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.*member);
  return names;
}

}  // namespace

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

server::ServerConfig parse_config(std::string_view text, std::string_view source_name,
                                  const std::filesystem::path& base_dir, const Environment& env) {
  const std::string source = source_name.empty() ? "hearth.toml" : std::string(source_name);
  const toml::table document = parse_document(text, source);
  const detail::Context context{base_dir, env};
  detail::TableReader root(document, "the top-level table");
  // Checked first, so that a misspelt table is reported as unknown, not as missing.
  for (const std::string_view section : kSections) root.find(section);
  root.finish();

  server::ServerConfig config;
  server::GatewayConfig& gateway = config.gateway;
  detail::read_server(root, config);
  detail::read_models(root, context, config.models);
  detail::read_providers(root, context, gateway.providers);
  const std::vector<std::string> provider_names =
      names_of(gateway.providers, &remote::ProviderConfig::name);
  detail::read_policies(root, context, provider_names, gateway.router.policies);
  detail::read_keys(root, context, names_of(gateway.router.policies, &route::Policy::name),
                    config.api_keys);
  detail::read_routes(root, names_of(config.models, &server::ModelConfig::id), provider_names,
                      gateway.router.routes);
  detail::read_privacy(root, gateway.scanner);
  detail::read_storage(root, context, gateway);
  return config;
}

server::ServerConfig load_config(const std::filesystem::path& path, const Environment& env) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    raise(ErrorKind::not_found, "the configuration file {} does not exist", path.string());
  }
  if (!std::filesystem::is_regular_file(path, error)) {
    raise(ErrorKind::invalid_argument, "{} is not a file", path.string());
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxConfigBytes) {
    raise(ErrorKind::resource_exhausted, "{}: the configuration is larger than 1 MiB",
          path.string());
  }
  std::ifstream file(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file && !file.eof()) raise(ErrorKind::io, "cannot read {}", path.string());
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  return parse_config(text, path.string(), (error ? path : absolute).parent_path(), env);
}

}  // namespace hearth::config
