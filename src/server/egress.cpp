#include "egress.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "hearth/privacy/pseudonymize.h"
#include "hearth/privacy/vault.h"
#include "hearth/remote/provider.h"
#include "hearth/store/audit_log.h"
#include "openai_responses.h"

namespace hearth::server {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t unix_millis_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The request as it leaves: every message pseudonymized.
struct RedactedRequest {
  remote::RemoteRequest request;
  std::map<std::string, std::uint64_t> entity_counts;
  std::string payload;  // what the audit log records
};

RedactedRequest redact(const ChatCompletionRequest& request, const route::RouteDecision& decision,
                       const std::vector<std::vector<privacy::Finding>>& findings,
                       const privacy::Policy& policy, privacy::Vault& vault) {
  RedactedRequest redacted;
  remote::RemoteRequest& out = redacted.request;
  out.model = decision.remote_model;
  Json messages = Json::array();
  for (std::size_t i = 0; i < request.messages.size(); ++i) {
    const Json& message = request.messages[i];
    const std::string content = message.value("content", std::string());
    const privacy::Pseudonymized pseudonymized =
        privacy::pseudonymize(content, findings[i], policy, vault);
    for (const privacy::Replacement& replacement : pseudonymized.replacements) {
      ++redacted.entity_counts[std::string(
          privacy::entity_type_name(findings[i][replacement.finding_index].type))];
    }
    out.messages.push_back({message.value("role", std::string("user")), pseudonymized.text});
    messages.push_back({{"role", out.messages.back().role}, {"content", pseudonymized.text}});
  }
  if (request.max_tokens) out.max_tokens = static_cast<std::uint32_t>(*request.max_tokens);
  out.temperature = request.sampling.temperature;
  out.top_p = request.sampling.top_p;
  if (request.seed) out.seed = static_cast<std::int64_t>(*request.seed);
  out.stop = request.stop;
  if (!request.response_format.is_null()) out.response_format_json = request.response_format.dump();
  out.stream = request.stream;

  Json payload = Json::object();
  payload["messages"] = std::move(messages);
  if (out.max_tokens) payload["max_tokens"] = *out.max_tokens;
  payload["temperature"] = *out.temperature;
  payload["top_p"] = *out.top_p;
  if (out.seed) payload["seed"] = *out.seed;
  if (!out.stop.empty()) payload["stop"] = out.stop;
  if (!request.response_format.is_null()) payload["response_format"] = request.response_format;
  payload["stream"] = out.stream;
  redacted.payload = payload.dump();
  return redacted;
}

ApiError remote_failure(const remote::RemoteError& error) {
  const int status = error.failure() == remote::FailureKind::timeout ? 504 : 502;
  return ApiError(
      status, "server_error",
      fmt::format("the remote provider `{}` failed: {}", error.provider(), error.message()),
      std::nullopt, std::string(remote::failure_kind_name(error.failure())));
}

}  // namespace

EgressResult send_remote(ServerContext& context, const Gateway& gateway, const ApiKey& key,
                         const route::RouteDecision& decision, const ChatCompletionRequest& request,
                         const std::vector<std::vector<privacy::Finding>>& findings,
                         http::Exchange& exchange, ChatResponder& responder) {
  EgressResult result;
  privacy::Vault vault;
  const RedactedRequest redacted =
      redact(request, decision, findings, gateway.policy_of(key).egress, vault);
  store::AuditLog& audit = *gateway.audit();
  const auto stop_waiting = [&] { return exchange.client_gone() || exchange.server_stopping(); };

  for (std::size_t index = 0; index < decision.providers.size(); ++index) {
    const std::string& name = decision.providers[index];
    remote::Provider* provider = gateway.provider(name);
    if (provider == nullptr || !provider->available()) {
      result.failures.push_back(fmt::format("{}: circuit breaker open", name));
      continue;
    }
    store::EgressRecord record;
    record.time_ms = unix_millis_now();
    record.key_id = key.id;
    record.provider = name;
    record.model =
        redacted.request.model.empty() ? provider->config().models.front() : redacted.request.model;
    record.route_reason = decision.reason;
    record.payload = redacted.payload;
    record.entity_counts = redacted.entity_counts;
    const std::int64_t egress_id = audit.begin_egress(record);
    // Set before the call: a stream's headers go out with its first text,
    // and a provider that fails before that hands over to the next one.
    responder.set_header("x-hearth-provider", name);

    const Clock::time_point started = Clock::now();
    privacy::StreamRestorer restorer(vault);
    std::string streamed;
    const auto relay = [&](std::string_view text) {
      const std::string restored = restorer.push(text);
      streamed += restored;
      if (!restored.empty()) responder.delta(0, restored);
    };
    store::EgressOutcome outcome;
    try {
      const remote::RemoteResult answer = provider->complete(
          redacted.request, request.stream ? remote::DeltaSink(relay) : remote::DeltaSink(),
          stop_waiting);
      outcome.outcome = "ok";
      outcome.input_tokens = answer.usage.input_tokens;
      outcome.output_tokens = answer.usage.output_tokens;
      outcome.cost_usd = provider->cost(answer.usage);
      outcome.latency_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
      outcome.http_status = 200;
      audit.finish_egress(egress_id, outcome);
      context.metrics.count_egress(name, "ok");
      context.metrics.add_remote_cost(name, outcome.cost_usd);
      context.metrics.observe_egress_latency(
          name, std::chrono::duration<double>(Clock::now() - started).count());

      result.answered = true;
      result.provider = name;
      if (request.stream) {
        const std::string tail = restorer.finish();
        if (!tail.empty()) responder.delta(0, tail);
        result.answer.text = streamed + tail;
      } else {
        result.answer.text = privacy::restore(answer.text, vault);
      }
      result.answer.finish_reason = answer.finish_reason.empty() ? "stop" : answer.finish_reason;
      result.usage = usage_json(answer.usage.input_tokens, 0, answer.usage.output_tokens);
      return result;
    } catch (const remote::RemoteError& error) {
      const bool last = index + 1 == decision.providers.size();
      const bool cancelled = error.failure() == remote::FailureKind::cancelled;
      outcome.outcome = cancelled                          ? "cancelled"
                        : (error.output_started() || last) ? "error"
                                                           : "fallback";
      outcome.detail = error.message();
      outcome.http_status = error.status();
      outcome.latency_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
      audit.finish_egress(egress_id, outcome);
      context.metrics.count_egress(name, outcome.outcome);
      result.failures.push_back(fmt::format("{}: {}", name, error.message()));
      if (cancelled) {
        result.client_gone = exchange.client_gone();
        if (!result.client_gone) {
          result.error = ApiError(503, "server_error", "the server is shutting down");
        }
        return result;
      }
      if (error.output_started()) {
        result.error = remote_failure(error);
        return result;
      }
    }
  }
  return result;
}

}  // namespace hearth::server
