// libFuzzer target for hearth.toml: the input is the configuration text,
// parsed with a fixed environment and a scratch folder holding one model
// file. Checked:
// - only hearth::Error is ever thrown, never anything else (toml++'s own
//   parse errors included), and never a crash or a stack overflow however
//   deep the input nests;
// - every message starts with "hearth.toml:LINE:COLUMN: " (or is the size
//   limit's);
// - what is accepted is consistent: at least one model, unique ids, routes
//   and policies naming models and providers that exist.
//
// config_tests links this file too and replays fuzz/corpus/config and
// fuzz/regressions/config through LLVMFuzzerTestOneInput.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "hearth/config/hearth_config.h"
#include "hearth/util/error.h"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "config_fuzz: %s\n", what);
  std::abort();
}

// A folder with model.gguf in it, removed when the process ends.
class ScratchFolder {
 public:
  ScratchFolder()
      : path_(std::filesystem::temp_directory_path() /
              ("hearth-config-fuzz-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
    std::ofstream(path_ / "model.gguf") << "GGUF";
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::optional<std::string> fixed_environment(std::string_view name) {
  if (name == "HEARTH_KEY" || name == "OPENAI_API_KEY" || name == "HEARTH_HASH_KEY") {
    return "secret-" + std::string(name);
  }
  if (name == "EMPTY") return std::string();
  if (name == "HOME") return std::string("/nonexistent/hearth-fuzz-home");
  return std::nullopt;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void check_accepted(const hearth::server::ServerConfig& config) {
  if (config.models.empty()) fail("accepted without a model");
  std::vector<std::string> model_ids;
  for (const hearth::server::ModelConfig& model : config.models) {
    if (model.id.empty() || contains(model_ids, model.id)) fail("an empty or repeated model id");
    model_ids.push_back(model.id);
  }
  std::vector<std::string> providers;
  for (const hearth::remote::ProviderConfig& provider : config.gateway.providers) {
    if (contains(providers, provider.name)) fail("a repeated provider name");
    if (provider.models.empty()) fail("a provider without models");
    providers.push_back(provider.name);
  }
  if (!providers.empty() && !config.gateway.audit_path) fail("providers without an audit log");
  for (const hearth::route::RouteConfig& route : config.gateway.router.routes) {
    if (!contains(model_ids, route.local_model)) fail("a route to an unknown model");
    if (contains(model_ids, route.name)) fail("a route named like a model");
    for (const std::string& name : route.providers) {
      if (!contains(providers, name)) fail("a route to an unknown provider");
    }
  }
  for (const hearth::route::Policy& policy : config.gateway.router.policies) {
    for (const std::string& name : policy.providers) {
      if (!contains(providers, name)) fail("a policy naming an unknown provider");
    }
  }
  for (const hearth::server::ApiKey& key : config.api_keys) {
    if (key.id.empty() || key.secret.empty()) fail("a key without an id or a secret");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ScratchFolder folder;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_accepted(
        hearth::config::parse_config(text, "hearth.toml", folder.path(), fixed_environment));
  } catch (const hearth::Error& error) {
    if (error.kind() == hearth::ErrorKind::invalid_data &&
        !error.message().starts_with("hearth.toml:")) {
      std::fprintf(stderr, "config_fuzz: a message without a position: %s\n", error.what());
      std::abort();
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "config_fuzz: unexpected exception: %s\n", error.what());
    std::abort();
  }
  return 0;
}
