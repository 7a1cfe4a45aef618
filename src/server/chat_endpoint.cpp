// POST /v1/chat/completions: the cache, then a local model by id, or a route
// ("auto") / remote provider through the router.
#include "api_error.h"
#include "chat_cache.h"
#include "chat_responder.h"
#include "endpoints.h"
#include "gateway.h"
#include "local_chat.h"
#include "routed_chat.h"

namespace hearth::server {
namespace {

ChatOutcome answer_with_local_model(ServerContext& context, const ChatCompletionRequest& request,
                                    http::Exchange& exchange, ChatResponder& responder) {
  if (!request.response_format.is_null()) {
    throw invalid_request(
        "Only response_format {\"type\": \"text\"} is supported by local models; name a route "
        "(\"auto\") to have structured output checked and escalated.",
        "response_format", "unsupported_parameter");
  }
  ModelLease lease = context.registry.acquire(request.model);
  std::vector<TokenId> prompt = chat_prompt(lease.scheduler().model(), request);
  responder.set_header("x-hearth-route", "local");
  responder.set_header("x-hearth-reason", "explicit: the request names a local model");
  context.metrics.count_route("local", "explicit");
  LocalChatResult local = run_local_chat(context, lease, request, std::move(prompt), exchange,
                                         responder, request.stream, 0);
  if (local.outcome != RunOutcome::finished) {
    if (local.error) responder.fail(*local.error);
    return {};
  }
  Json extra = Json::object();
  extra["timings"] = local.timings;
  responder.complete(local.choices, local.usage, extra, request.stream);
  ChatOutcome outcome;
  outcome.complete = true;
  outcome.choices = std::move(local.choices);
  outcome.usage = std::move(local.usage);
  outcome.route = "local";
  outcome.reason = "explicit: the request names a local model";
  return outcome;
}

}  // namespace

void handle_chat_completions(ServerContext& context, const RequestScope& scope,
                             const http::Request& http_request, http::Exchange& exchange) {
  const Json body = parse_body(http_request.body);
  const ChatCompletionRequest request = parse_chat_request(body);
  const Gateway& gateway = *scope.gateway;
  ChatResponder responder(exchange, request);

  std::optional<std::string> cache_key;
  if (store::ResponseCache* cache = gateway.cache()) {
    cache_key = chat_cache_key(body, gateway.cache_config().nondeterministic);
    if (cache_key) {
      const std::optional<std::string> hit = cache->lookup(scope.key->id, *cache_key);
      context.metrics.count_cache_lookup(hit.has_value());
      if (hit && answer_from_cache(*hit, responder)) return;
    }
  }

  const std::string_view task = http_request.header("x-hearth-task").value_or("");
  const ChatOutcome outcome =
      gateway.routes_model(request.model)
          ? run_routed_chat(context, scope, request, exchange, responder, task)
          : answer_with_local_model(context, request, exchange, responder);
  if (cache_key && outcome.complete) {
    gateway.cache()->store(
        scope.key->id, *cache_key,
        cache_value(outcome.choices, outcome.usage, outcome.route, outcome.reason));
  }
}

}  // namespace hearth::server
