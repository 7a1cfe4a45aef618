// GET /v1/models, /v1/models/{id}, /health and /metrics.
#include <sys/stat.h>

#include "api_error.h"
#include "endpoints.h"
#include "gateway.h"
#include "openai_responses.h"

namespace hearth::server {
namespace {

Json model_object(const ModelConfig& model) {
  struct stat info {};
  const std::int64_t created =
      ::stat(model.path.c_str(), &info) == 0 ? static_cast<std::int64_t>(info.st_mtime) : 0;
  return {{"id", model.id}, {"object", "model"}, {"created", created}, {"owned_by", "hearth"}};
}

// Routes and remote providers are models a client can name, too.
std::vector<Json> routed_model_objects(const Gateway& gateway) {
  std::vector<Json> objects;
  for (const route::RouteConfig& route : gateway.router().config().routes) {
    objects.push_back(
        {{"id", route.name}, {"object", "model"}, {"created", 0}, {"owned_by", "hearth-router"}});
  }
  for (const auto& provider : gateway.providers()) {
    objects.push_back({{"id", "remote:" + provider->name()},
                       {"object", "model"},
                       {"created", 0},
                       {"owned_by", provider->name()}});
  }
  return objects;
}

}  // namespace

http::Response json_response(int status, const Json& body) {
  http::Response response;
  response.status = status;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

void handle_list_models(ServerContext& context, const RequestScope& scope, const http::Request&,
                        http::Exchange& exchange) {
  Json data = Json::array();
  for (const ModelConfig& model : context.config.models) data.push_back(model_object(model));
  for (Json& object : routed_model_objects(*scope.gateway)) data.push_back(std::move(object));
  exchange.respond(json_response(200, {{"object", "list"}, {"data", std::move(data)}}));
}

void handle_get_model(ServerContext& context, const RequestScope& scope, const http::Request&,
                      http::Exchange& exchange, std::string_view id) {
  for (const ModelConfig& model : context.config.models) {
    if (model.id == id) {
      exchange.respond(json_response(200, model_object(model)));
      return;
    }
  }
  for (Json& object : routed_model_objects(*scope.gateway)) {
    if (object["id"] == id) {
      exchange.respond(json_response(200, object));
      return;
    }
  }
  throw ApiError(
      404, "invalid_request_error",
      "The model `" + std::string(id) + "` does not exist or you do not have access to it.",
      "model", "model_not_found");
}

void handle_health(ServerContext& context, const http::Request&, http::Exchange& exchange) {
  const bool stopping = context.stopping.load();
  Json models = Json::array();
  for (const ModelGauges& gauge : context.registry.gauges()) {
    models.push_back({{"id", gauge.model},
                      {"loaded", gauge.loaded},
                      {"waiting", gauge.waiting},
                      {"active", gauge.active},
                      {"slots", gauge.slots}});
  }
  exchange.respond(json_response(
      stopping ? 503 : 200,
      {{"status", stopping ? "shutting_down" : "ok"}, {"models", std::move(models)}}));
}

void handle_metrics(ServerContext& context, const http::Request&, http::Exchange& exchange) {
  http::Response response;
  response.headers.push_back({"Content-Type", "text/plain; version=0.0.4; charset=utf-8"});
  const std::vector<ModelGauges> gauges = context.registry.gauges();
  response.body = context.metrics.render(gauges, context.open_connections());
  exchange.respond(response);
}

}  // namespace hearth::server
