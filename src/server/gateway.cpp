#include "gateway.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "api_error.h"
#include "hearth/util/error.h"

namespace hearth::server {
namespace {

constexpr std::string_view kRemotePrefix = "remote:";

// Constant-time comparison, so response timing does not reveal how much of
// a guessed key was right.
bool same_key(std::string_view a, std::string_view b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i % std::max<std::size_t>(1, b.size())]);
  }
  return difference == 0;
}

std::string masked(std::string_view key) {
  if (key.size() <= 8) return "****";
  return fmt::format("{}****{}", key.substr(0, 3), key.substr(key.size() - 4));
}

// The router of a configuration without routes: "auto" is the first model.
route::RouterConfig router_config(const ServerConfig& config) {
  route::RouterConfig router = config.gateway.router;
  router.providers.clear();
  for (const remote::ProviderConfig& provider : config.gateway.providers) {
    router.providers.push_back(provider.name);
  }
  if (router.routes.empty()) {
    route::RouteConfig automatic;
    automatic.name = "auto";
    automatic.local_model = config.models.empty() ? std::string() : config.models.front().id;
    router.routes.push_back(std::move(automatic));
  }
  for (route::RouteConfig& route : router.routes) {
    if (route.local_model.empty() && !config.models.empty()) {
      route.local_model = config.models.front().id;
    }
  }
  return router;
}

}  // namespace

Gateway::Gateway(const ServerConfig& config, const std::vector<std::string>& local_models)
    : keys_(config.api_keys), router_(router_config(config)), cache_config_(config.gateway.cache) {
  anonymous_.id = "anonymous";
  std::set<std::string, std::less<>> ids;
  for (const ApiKey& key : keys_) {
    if (key.id.empty() || key.secret.empty()) {
      raise(ErrorKind::invalid_argument, "an API key has an empty id or secret");
    }
    if (!ids.insert(key.id).second)
      raise(ErrorKind::invalid_argument, "two API keys are named `{}`", key.id);
    if (router_.policy(key.policy) == nullptr) {
      raise(ErrorKind::invalid_argument, "API key `{}` names an unknown policy `{}`", key.id,
            key.policy);
    }
  }
  for (const route::RouteConfig& route : router_.config().routes) {
    if (std::find(local_models.begin(), local_models.end(), route.name) != local_models.end()) {
      raise(ErrorKind::invalid_argument, "route `{}` has the name of a local model", route.name);
    }
    if (std::find(local_models.begin(), local_models.end(), route.local_model) ==
        local_models.end()) {
      raise(ErrorKind::invalid_argument, "route `{}` names an unknown local model `{}`", route.name,
            route.local_model);
    }
  }
  for (const remote::ProviderConfig& provider : config.gateway.providers) {
    providers_.push_back(std::make_unique<remote::Provider>(provider));
  }
  if (!providers_.empty() && !config.gateway.audit_path) {
    raise(ErrorKind::invalid_argument,
          "remote providers are configured but no audit log: every egress must be recorded");
  }
  if (config.gateway.audit_path) {
    audit_ = std::make_unique<store::AuditLog>(*config.gateway.audit_path);
  }
  if (cache_config_.enabled) {
    cache_ = std::make_unique<store::ResponseCache>(cache_config_.path, cache_config_.options);
  }
  if (!providers_.empty()) scanner_ = std::make_unique<privacy::Scanner>(config.gateway.scanner);
}

Gateway::~Gateway() = default;

const ApiKey& Gateway::authenticate(const http::Request& request) const {
  if (keys_.empty()) return anonymous_;
  const std::optional<std::string_view> header = request.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!header || header->size() <= kBearer.size() ||
      !std::equal(kBearer.begin(), kBearer.end(), header->begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      })) {
    throw ApiError(401, "invalid_request_error",
                   "You didn't provide an API key. You need to provide your API key in an "
                   "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
  }
  const std::string_view secret = header->substr(kBearer.size());
  const ApiKey* found = nullptr;
  // Every key is compared, so timing does not tell which one matched.
  for (const ApiKey& key : keys_) {
    if (same_key(secret, key.secret)) found = &key;
  }
  if (found == nullptr) {
    throw ApiError(401, "invalid_request_error",
                   fmt::format("Incorrect API key provided: {}.", masked(secret)), std::nullopt,
                   "invalid_api_key");
  }
  return *found;
}

remote::Provider* Gateway::provider(std::string_view name) const noexcept {
  for (const auto& provider : providers_) {
    if (provider->name() == name) return provider.get();
  }
  return nullptr;
}

const route::Policy& Gateway::policy_of(const ApiKey& key) const noexcept {
  const route::Policy* policy = router_.policy(key.policy);
  return policy != nullptr ? *policy : *router_.policy("default");
}

std::string Gateway::local_model_for(std::string_view model) const {
  const route::RouteConfig* route = router_.route(model);
  return route != nullptr ? route->local_model : std::string(model);
}

bool Gateway::routes_model(std::string_view model) const noexcept {
  return model.starts_with(kRemotePrefix) || router_.route(model) != nullptr;
}

}  // namespace hearth::server
