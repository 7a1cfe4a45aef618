// One configuration's hybrid half, built once per (re)load: the API keys,
// the router, the remote providers, the privacy scanner, the audit log and
// the response cache. A request holds the snapshot it started with, so a
// reload never changes the rules under a running request.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/http/server.h"
#include "hearth/privacy/scanner.h"
#include "hearth/remote/provider.h"
#include "hearth/route/router.h"
#include "hearth/server/api_server.h"
#include "hearth/store/audit_log.h"
#include "hearth/store/response_cache.h"

namespace hearth::server {

class Gateway {
 public:
  // Validates and builds; throws Error naming what is wrong (an unknown
  // policy on a key, a route's local model that does not exist, providers
  // without an audit log).
  Gateway(const ServerConfig& config, const std::vector<std::string>& local_models);
  ~Gateway();

  // The key a request's Authorization header names; throws ApiError 401.
  // Without configured keys every request is the anonymous key.
  const ApiKey& authenticate(const http::Request& request) const;

  const route::Router& router() const noexcept { return router_; }
  // nullptr without remote providers: nothing can leave, so nothing is
  // scanned (and the scanner, which takes about half a second to build, is
  // not built).
  const privacy::Scanner* scanner() const noexcept { return scanner_.get(); }
  // nullptr when no provider is named so.
  remote::Provider* provider(std::string_view name) const noexcept;
  const std::vector<std::unique_ptr<remote::Provider>>& providers() const noexcept {
    return providers_;
  }
  // nullptr when not configured.
  store::AuditLog* audit() const noexcept { return audit_.get(); }
  store::ResponseCache* cache() const noexcept { return cache_.get(); }
  const CacheConfig& cache_config() const noexcept { return cache_config_; }
  const route::Policy& policy_of(const ApiKey& key) const noexcept;

  // The local model a name means on the endpoints that are not routed
  // (completions, embeddings): a route's local model, else the name itself.
  std::string local_model_for(std::string_view model) const;

  // True when `model` is a route or remote:NAME rather than a local model id.
  bool routes_model(std::string_view model) const noexcept;

 private:
  std::vector<ApiKey> keys_;
  ApiKey anonymous_;
  route::Router router_;
  std::unique_ptr<privacy::Scanner> scanner_;
  std::vector<std::unique_ptr<remote::Provider>> providers_;
  std::unique_ptr<store::AuditLog> audit_;
  std::unique_ptr<store::ResponseCache> cache_;
  CacheConfig cache_config_;
};

}  // namespace hearth::server
