// The handlers behind each route, and what they share. A handler throws
// ApiError for anything it refuses before its response has started; the
// router answers with the error object.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "hearth/http/server.h"
#include "hearth/server/api_server.h"
#include "json_fields.h"
#include "metrics.h"
#include "model_registry.h"

namespace hearth::server {

class Gateway;

// What one request runs with: the configuration snapshot it started under
// (a reload does not change it mid-request) and the key it authenticated as.
struct RequestScope {
  std::shared_ptr<const Gateway> gateway;
  const ApiKey* key = nullptr;
};

struct ServerContext {
  const ServerConfig& config;
  ModelRegistry& registry;
  Metrics& metrics;
  std::atomic<bool>& stopping;
  // Connections open now (for /metrics), from the HTTP server.
  std::function<std::size_t()> open_connections;
};

void handle_chat_completions(ServerContext& context, const RequestScope& scope,
                             const http::Request& request, http::Exchange& exchange);
void handle_completions(ServerContext& context, const RequestScope& scope,
                        const http::Request& request, http::Exchange& exchange);
void handle_embeddings(ServerContext& context, const RequestScope& scope,
                       const http::Request& request, http::Exchange& exchange);
void handle_list_models(ServerContext& context, const RequestScope& scope,
                        const http::Request& request, http::Exchange& exchange);
void handle_get_model(ServerContext& context, const RequestScope& scope,
                      const http::Request& request, http::Exchange& exchange, std::string_view id);
void handle_health(ServerContext& context, const http::Request& request, http::Exchange& exchange);
void handle_metrics(ServerContext& context, const http::Request& request, http::Exchange& exchange);

// A JSON response with the server's common headers.
http::Response json_response(int status, const Json& body);

}  // namespace hearth::server
