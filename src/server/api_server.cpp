#include "hearth/server/api_server.h"

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <set>

#include "api_error.h"
#include "endpoints.h"
#include "gateway.h"
#include "hearth/util/error.h"
#include "metrics.h"
#include "model_registry.h"

namespace hearth::server {
namespace {

using Clock = std::chrono::steady_clock;

// Remembers the status a handler answered with and reports it just before
// the answer goes out, so that the metrics count a request by the time its
// client can see the answer.
class RecordingExchange final : public http::Exchange {
 public:
  RecordingExchange(http::Exchange& inner, std::function<void(int status)> on_answer)
      : inner_(inner), on_answer_(std::move(on_answer)) {}

  bool respond(const http::Response& response) override {
    answered(response.status);
    return inner_.respond(response);
  }
  bool start_stream(int status, const std::vector<http::Header>& headers) override {
    answered(status);
    streaming_ = true;
    return inner_.start_stream(status, headers);
  }
  bool write(std::string_view data) override { return inner_.write(data); }
  bool finish() override { return inner_.finish(); }
  bool client_gone() override { return inner_.client_gone(); }
  bool server_stopping() const override { return inner_.server_stopping(); }

  int status() const noexcept { return status_; }
  bool streaming() const noexcept { return streaming_; }

 private:
  void answered(int status) {
    if (status_ != 0) return;
    status_ = status;
    on_answer_(status);
  }

  http::Exchange& inner_;
  std::function<void(int status)> on_answer_;
  int status_ = 0;
  bool streaming_ = false;
};

void validate(const ServerConfig& config) {
  if (config.models.empty()) raise(ErrorKind::invalid_argument, "no model to serve");
  std::set<std::string, std::less<>> ids;
  for (const ModelConfig& model : config.models) {
    if (model.id.empty()) raise(ErrorKind::invalid_argument, "a model has an empty id");
    if (!ids.insert(model.id).second) {
      raise(ErrorKind::invalid_argument, "two models are named `{}`", model.id);
    }
    std::error_code error;
    if (!std::filesystem::is_regular_file(model.path, error)) {
      raise(ErrorKind::not_found, "model `{}`: no file at {}", model.id, model.path.string());
    }
  }
}

}  // namespace

struct ApiServer::State {
  ServerConfig config;
  Metrics metrics;
  std::atomic<bool> stopping{false};
  ModelRegistry registry;
  std::unique_ptr<http::Server> http;
  ServerContext context;
  std::mutex stop_mutex;
  bool stopped = false;
  // The keys and the gateway; replaced whole by reload().
  mutable std::mutex gateway_mutex;
  std::shared_ptr<const Gateway> gateway;

  explicit State(ServerConfig config_in)
      : config(std::move(config_in)),
        registry(config.models, config.idle_unload, config.memory_budget, metrics),
        context{config, registry, metrics, stopping,
                [this] { return http ? http->open_connections() : std::size_t{0}; }},
        gateway(std::make_shared<Gateway>(config, registry.ids())) {}

  std::shared_ptr<const Gateway> current_gateway() const {
    std::lock_guard lock(gateway_mutex);
    return gateway;
  }

  void handle(const http::Request& request, http::Exchange& raw_exchange);
  void route(const http::Request& request, http::Exchange& exchange, std::string& endpoint);
};

void ApiServer::State::route(const http::Request& request, http::Exchange& exchange,
                             std::string& endpoint) {
  const std::string& path = request.path;
  const auto method_is = [&](std::string_view method, std::string_view allowed) {
    if (request.method == method || (method == "GET" && request.method == "HEAD")) return true;
    ApiError error(
        405, "invalid_request_error",
        fmt::format("Method {} is not allowed on {} (use {}).", request.method, path, allowed));
    throw error;
  };
  endpoint = path;
  if (path == "/health") {
    method_is("GET", "GET");
    handle_health(context, request, exchange);
    return;
  }
  RequestScope scope;
  scope.gateway = current_gateway();
  scope.key = &scope.gateway->authenticate(request);
  if (path == "/v1/chat/completions" && method_is("POST", "POST")) {
    handle_chat_completions(context, scope, request, exchange);
  } else if (path == "/v1/completions" && method_is("POST", "POST")) {
    handle_completions(context, scope, request, exchange);
  } else if (path == "/v1/embeddings" && method_is("POST", "POST")) {
    handle_embeddings(context, scope, request, exchange);
  } else if (path == "/v1/models" && method_is("GET", "GET")) {
    handle_list_models(context, scope, request, exchange);
  } else if (path.starts_with("/v1/models/") && method_is("GET", "GET")) {
    endpoint = "/v1/models/{id}";
    handle_get_model(context, scope, request, exchange, std::string_view(path).substr(11));
  } else if (path == "/metrics" && method_is("GET", "GET")) {
    handle_metrics(context, request, exchange);
  } else {
    endpoint = "other";
    throw ApiError(404, "invalid_request_error",
                   fmt::format("Invalid URL ({} {})", request.method, path));
  }
}

void ApiServer::State::handle(const http::Request& request, http::Exchange& raw_exchange) {
  const Clock::time_point started = Clock::now();
  std::string endpoint = "other";
  RecordingExchange exchange(raw_exchange,
                             [&](int status) { metrics.count_request(endpoint, status); });
  const auto answer_error = [&](const ApiError& error) {
    metrics.count_error(error_kind_label(error.status()));
    if (exchange.streaming()) {
      // The status is sent: the error goes in the stream, which then ends.
      exchange.write("data: " + error.to_json().dump() + "\n\n");
      exchange.finish();
      return;
    }
    http::Response response = json_response(error.status(), error.to_json());
    if (error.retry_after) {
      response.headers.push_back({"Retry-After", std::to_string(*error.retry_after)});
    }
    if (error.status() == 405) response.headers.push_back({"Allow", "GET, POST"});
    response.headers.insert(response.headers.end(), error.headers.begin(), error.headers.end());
    exchange.respond(response);
  };
  try {
    route(request, exchange, endpoint);
  } catch (const ApiError& error) {
    answer_error(error);
  } catch (const Error& error) {
    answer_error(ApiError(500, "server_error", error.message()));
  } catch (const std::exception& error) {
    answer_error(ApiError(500, "server_error", error.what()));
  }
  if (exchange.status() == 0) {
    metrics.count_error("client_disconnect");
    metrics.count_request(endpoint, 499);
  }
  metrics.observe_request_duration(endpoint,
                                   std::chrono::duration<double>(Clock::now() - started).count());
}

ApiServer::ApiServer(ServerConfig config) {
  validate(config);
  state_ = std::make_unique<State>(std::move(config));
  State* state = state_.get();
  state_->http = std::make_unique<http::Server>(
      state_->config.http, [state](const http::Request& request, http::Exchange& exchange) {
        state->handle(request, exchange);
      });
}

ApiServer::~ApiServer() {
  stop(std::chrono::milliseconds(0));
}

std::uint16_t ApiServer::port() const noexcept {
  return state_->http->port();
}

const ServerConfig& ApiServer::config() const noexcept {
  return state_->config;
}

void ApiServer::start() {
  state_->http->start();
}

void ApiServer::stop(std::chrono::milliseconds grace) {
  std::lock_guard lock(state_->stop_mutex);
  if (state_->stopped) return;
  state_->stopped = true;
  state_->stopping = true;
  // Requests running now may finish within the grace period; after it the
  // registry cancels them, and their handlers answer and return.
  std::thread registry_stop([&] { state_->registry.shutdown(grace); });
  state_->http->stop(grace + std::chrono::seconds(5));
  registry_stop.join();
}

std::vector<std::string> ApiServer::reload(const ServerConfig& config) {
  validate(config);
  const ServerConfig& current = state_->config;
  std::vector<std::string> restart_needed;
  const auto note = [&](bool differs, std::string_view what) {
    if (differs) restart_needed.emplace_back(what);
  };
  note(config.http.host != current.http.host || config.http.port != current.http.port,
       "server address");
  bool models_differ = config.models.size() != current.models.size();
  for (std::size_t i = 0; !models_differ && i < config.models.size(); ++i) {
    models_differ = config.models[i].id != current.models[i].id ||
                    config.models[i].path != current.models[i].path;
  }
  note(models_differ, "models");
  note(config.max_tokens != current.max_tokens, "max_tokens");
  note(config.request_timeout != current.request_timeout, "request_timeout");
  note(config.idle_unload != current.idle_unload, "idle_unload");
  note(config.memory_budget != current.memory_budget, "memory_budget");
  // The new gateway checks its routes against the models being served.
  auto gateway = std::make_shared<const Gateway>(config, state_->registry.ids());
  std::lock_guard lock(state_->gateway_mutex);
  state_->gateway = std::move(gateway);
  return restart_needed;
}

std::string ApiServer::metrics_text() const {
  const std::vector<ModelGauges> gauges = state_->registry.gauges();
  return state_->metrics.render(gauges, state_->http->open_connections());
}

}  // namespace hearth::server
