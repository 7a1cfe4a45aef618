#include "routed_chat.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>

#include "egress.h"
#include "gateway.h"
#include "hearth/privacy/entity.h"
#include "hearth/route/topics.h"
#include "local_chat.h"
#include "structured_output.h"

namespace hearth::server {
namespace {

// Alternatives per token the cascade scores entropy with.
constexpr std::int32_t kScoreAlternatives = 5;

struct Scan {
  std::vector<std::vector<privacy::Finding>> findings;  // per message
  std::vector<std::string> classes;                     // data classes, entity types, topics
};

void add_class(std::vector<std::string>& classes, std::string_view name) {
  if (std::find(classes.begin(), classes.end(), name) == classes.end()) classes.emplace_back(name);
}

// Without a scanner (no remote provider) nothing is found: nothing can leave.
Scan scan_messages(const privacy::Scanner* scanner, const Json& messages) {
  Scan scan;
  if (scanner == nullptr) {
    scan.findings.resize(messages.size());
    return scan;
  }
  std::string all_text;
  for (const Json& message : messages) {
    const std::string content = message.value("content", std::string());
    std::vector<privacy::Finding> findings = scanner->scan(content);
    for (const privacy::Finding& finding : findings) {
      add_class(scan.classes, privacy::entity_type_name(finding.type));
      add_class(scan.classes, privacy::data_class_name(privacy::data_class(finding.type)));
    }
    scan.findings.push_back(std::move(findings));
    all_text += content;
    all_text += '\n';
  }
  for (const std::string& topic : route::detect_topics(all_text)) add_class(scan.classes, topic);
  return scan;
}

// Midnight UTC today and the first of this month, in Unix milliseconds.
std::pair<std::int64_t, std::int64_t> budget_periods() {
  using namespace std::chrono;
  const sys_days today = floor<days>(system_clock::now());
  const year_month_day date(today);
  const sys_days month_start = sys_days(date.year() / date.month() / 1);
  return {duration_cast<milliseconds>(today.time_since_epoch()).count(),
          duration_cast<milliseconds>(month_start.time_since_epoch()).count()};
}

// A header value may not hold control characters; reasons quote user data
// only through names, but be safe.
std::string header_safe(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? ' ' : c;
  }
  return out;
}

ApiError refusal(const route::RouteDecision& decision) {
  if (decision.unknown_model) {
    return ApiError(404, "invalid_request_error",
                    fmt::format("The model does not exist: {}", decision.reason), "model",
                    "model_not_found");
  }
  switch (decision.step) {
    case route::Step::budget: {
      ApiError error(429, "insufficient_quota", decision.reason, std::nullopt, "budget_exceeded");
      return error;
    }
    case route::Step::availability: {
      ApiError error(503, "server_error", decision.reason, std::nullopt, "provider_unavailable");
      error.retry_after = 5;
      return error;
    }
    case route::Step::fit:
      return ApiError(400, "invalid_request_error", decision.reason, "messages",
                      "context_length_exceeded");
    default:
      return ApiError(403, "permission_error", decision.reason, std::nullopt, "policy_refusal");
  }
}

class RoutedChat {
 public:
  RoutedChat(ServerContext& context, const RequestScope& scope,
             const ChatCompletionRequest& request, http::Exchange& exchange,
             ChatResponder& responder)
      : context_(context),
        gateway_(*scope.gateway),
        key_(*scope.key),
        request_(request),
        exchange_(exchange),
        responder_(responder) {}

  ChatOutcome run(std::string_view task) {
    const Scan scan = scan_messages(gateway_.scanner(), request_.messages);
    route::RouteInput input;
    input.model = request_.model;
    input.policy = key_.policy;
    input.classes_found = scan.classes;
    input.task = task;
    input.completion_tokens = static_cast<std::uint64_t>(request_.max_tokens.value_or(0));
    input.daily_cap_usd = key_.daily_budget_usd;
    input.monthly_cap_usd = key_.monthly_budget_usd;
    if ((input.daily_cap_usd > 0 || input.monthly_cap_usd > 0) && gateway_.audit() != nullptr) {
      const auto [day, month] = budget_periods();
      input.spent_today_usd = gateway_.audit()->spent_usd(key_.id, day);
      input.spent_month_usd = gateway_.audit()->spent_usd(key_.id, month);
    }
    for (const auto& provider : gateway_.providers()) {
      if (provider->available()) input.providers_available.push_back(provider->name());
    }
    input.local_models = context_.registry.ids();

    // The local model of a route is needed to count the prompt's tokens
    // (and, most of the time, to answer).
    std::optional<ModelLease> lease;
    std::vector<TokenId> prompt;
    if (const route::RouteConfig* route = gateway_.router().route(request_.model)) {
      lease.emplace(context_.registry.acquire(route->local_model));
      prompt = chat_prompt(lease->scheduler().model(), request_);
      input.prompt_tokens = prompt.size();
      input.local_context = lease->scheduler().context_length();
      const engine::SchedulerStats stats = lease->scheduler().stats();
      input.local_overloaded = stats.waiting > 0 && stats.waiting >= stats.slots;
    }

    route::RouteDecision decision = gateway_.router().decide(input);
    report(decision);
    if (decision.route == route::Route::refuse) responder_.fail(refusal(decision));

    if (decision.route == route::Route::local && !decision.cascade) {
      return answer_locally(*lease, std::move(prompt), decision);
    }
    if (decision.route == route::Route::local) {
      // The cascade: a local answer first, kept back until it is scored.
      LocalChatResult local = run_local_chat(context_, *lease, request_, std::move(prompt),
                                             exchange_, responder_, false, kScoreAlternatives);
      if (local.outcome != RunOutcome::finished) return finish_cut_short(local);
      if (!request_.response_format.is_null()) {
        local.score.structured_valid =
            satisfies_response_format(local.choices.front().text, request_.response_format);
      }
      decision = gateway_.router().escalate_after(decision, local.score);
      if (decision.route == route::Route::local || request_.n != 1) {
        report(decision);
        responder_.complete(local.choices, local.usage, timings(local), false);
        return complete(local.choices, local.usage, decision);
      }
      report(decision);
      return answer_remotely(decision, scan, &local);
    }
    return answer_remotely(decision, scan, nullptr);
  }

 private:
  void report(const route::RouteDecision& decision) {
    context_.metrics.count_route(route::route_name(decision.route),
                                 route::step_name(decision.step));
    responder_.set_header("x-hearth-route", std::string(route::route_name(decision.route)));
    responder_.set_header(
        "x-hearth-reason",
        header_safe(fmt::format("{}: {}", route::step_name(decision.step), decision.reason)));
  }

  static Json timings(const LocalChatResult& local) {
    Json extra = Json::object();
    extra["timings"] = local.timings;
    return extra;
  }

  ChatOutcome complete(std::vector<ChoiceAnswer> choices, Json usage,
                       const route::RouteDecision& decision) {
    ChatOutcome outcome;
    outcome.complete = true;
    outcome.choices = std::move(choices);
    outcome.usage = std::move(usage);
    outcome.route = std::string(route::route_name(decision.route));
    outcome.reason = fmt::format("{}: {}", route::step_name(decision.step), decision.reason);
    return outcome;
  }

  ChatOutcome finish_cut_short(const LocalChatResult& local) {
    if (local.error) responder_.fail(*local.error);
    return {};
  }

  ChatOutcome answer_locally(ModelLease& lease, std::vector<TokenId> prompt,
                             const route::RouteDecision& decision) {
    LocalChatResult local = run_local_chat(context_, lease, request_, std::move(prompt), exchange_,
                                           responder_, request_.stream, 0);
    if (local.outcome != RunOutcome::finished) return finish_cut_short(local);
    responder_.complete(local.choices, local.usage, timings(local), request_.stream);
    return complete(std::move(local.choices), std::move(local.usage), decision);
  }

  // `local`: the cascade's local answer, the fallback when every provider fails.
  ChatOutcome answer_remotely(route::RouteDecision decision, const Scan& scan,
                              const LocalChatResult* local) {
    if (request_.n != 1) {
      responder_.fail(invalid_request("n must be 1 when the request goes to a remote provider", "n",
                                      "unsupported_parameter"));
    }
    EgressResult egress = send_remote(context_, gateway_, key_, decision, request_, scan.findings,
                                      exchange_, responder_);
    if (egress.answered) {
      std::vector<ChoiceAnswer> choices = {egress.answer};
      responder_.complete(choices, egress.usage, Json::object(), request_.stream);
      return complete(std::move(choices), std::move(egress.usage), decision);
    }
    if (egress.client_gone) return {};
    if (egress.error) {
      responder_.fail(*egress.error);
      return {};
    }
    // Every provider failed before any text went out.
    const std::string failures = fmt::format("{}", fmt::join(egress.failures, "; "));
    const bool explicit_remote = request_.model.starts_with("remote:");
    if (explicit_remote) {
      ApiError error(502, "server_error", fmt::format("no remote provider answered: {}", failures),
                     std::nullopt, "provider_unavailable");
      responder_.fail(std::move(error));
    }
    // A route falls back to the local model when the remote side is down.
    responder_.remove_header("x-hearth-provider");
    decision.route = route::Route::local;
    decision.step = route::Step::availability;
    decision.reason = fmt::format("no remote provider answered ({}); answered locally", failures);
    report(decision);
    if (local != nullptr) {
      responder_.complete(local->choices, local->usage, timings(*local), false);
      return complete(local->choices, local->usage, decision);
    }
    ModelLease lease =
        context_.registry.acquire(gateway_.router().route(request_.model)->local_model);
    std::vector<TokenId> prompt = chat_prompt(lease.scheduler().model(), request_);
    return answer_locally(lease, std::move(prompt), decision);
  }

  ServerContext& context_;
  const Gateway& gateway_;
  const ApiKey& key_;
  const ChatCompletionRequest& request_;
  http::Exchange& exchange_;
  ChatResponder& responder_;
};

}  // namespace

ChatOutcome run_routed_chat(ServerContext& context, const RequestScope& scope,
                            const ChatCompletionRequest& request, http::Exchange& exchange,
                            ChatResponder& responder, std::string_view task) {
  return RoutedChat(context, scope, request, exchange, responder).run(task);
}

}  // namespace hearth::server
