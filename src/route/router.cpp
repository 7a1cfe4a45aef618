#include "hearth/route/router.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "hearth/privacy/entity.h"
#include "hearth/util/error.h"

namespace hearth::route {
namespace {

constexpr std::string_view kRemotePrefix = "remote:";
constexpr std::string_view kTopics[] = {"health", "finance"};
constexpr std::string_view kDataClasses[] = {"identity",      "contact", "financial",
                                             "government_id", "network", "credential"};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joined(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

RouteDecision decided(Route route, Step step, std::string reason) {
  RouteDecision decision;
  decision.route = route;
  decision.step = step;
  decision.reason = std::move(reason);
  return decision;
}

// What the requested model name refers to.
struct Target {
  const RouteConfig* route = nullptr;  // a configured route ("auto")
  bool local = false;                  // a local model by id
  bool remote = false;                 // remote:NAME[/MODEL]
  std::string provider;
  std::string remote_model;
};

}  // namespace

std::string_view route_name(Route route) noexcept {
  switch (route) {
    case Route::local:
      return "local";
    case Route::remote:
      return "remote";
    case Route::refuse:
      return "refuse";
  }
  return "unknown";
}

std::string_view step_name(Step step) noexcept {
  switch (step) {
    case Step::policy:
      return "policy";
    case Step::explicit_choice:
      return "explicit";
    case Step::fit:
      return "fit";
    case Step::budget:
      return "budget";
    case Step::availability:
      return "availability";
    case Step::confidence:
      return "confidence";
    case Step::default_route:
      return "default";
  }
  return "unknown";
}

bool is_known_class(std::string_view name) noexcept {
  for (const std::string_view known : kTopics) {
    if (name == known) return true;
  }
  for (const std::string_view known : kDataClasses) {
    if (name == known) return true;
  }
  return privacy::parse_entity_type(name).has_value();
}

Router::Router(RouterConfig config) : config_(std::move(config)) {
  if (config_.routes.empty()) raise(ErrorKind::invalid_argument, "the router has no route");
  std::set<std::string, std::less<>> names;
  for (const RouteConfig& route : config_.routes) {
    if (route.name.empty() || route.name.starts_with(kRemotePrefix)) {
      raise(ErrorKind::invalid_argument, "a route cannot be named `{}`", route.name);
    }
    if (!names.insert(route.name).second) {
      raise(ErrorKind::invalid_argument, "two routes are named `{}`", route.name);
    }
    for (const std::string& provider : route.providers) {
      if (!contains(config_.providers, provider)) {
        raise(ErrorKind::invalid_argument, "route `{}` names an unknown provider `{}`", route.name,
              provider);
      }
    }
  }
  if (policy("default") == nullptr) config_.policies.push_back(Policy{});
  names.clear();
  for (const Policy& policy_entry : config_.policies) {
    if (!names.insert(policy_entry.name).second) {
      raise(ErrorKind::invalid_argument, "two policies are named `{}`", policy_entry.name);
    }
    for (const std::string& name : policy_entry.keep_local) {
      if (!is_known_class(name)) {
        raise(ErrorKind::invalid_argument, "policy `{}` keeps an unknown class `{}` local",
              policy_entry.name, name);
      }
    }
  }
}

const RouterConfig& Router::config() const noexcept {
  return config_;
}

const Policy* Router::policy(std::string_view name) const noexcept {
  for (const Policy& entry : config_.policies) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

const RouteConfig* Router::route(std::string_view name) const noexcept {
  for (const RouteConfig& entry : config_.routes) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

RouteDecision Router::decide(const RouteInput& input) const {
  const Policy* key_policy = policy(input.policy);
  if (key_policy == nullptr) key_policy = policy("default");

  Target target;
  if (input.model.starts_with(kRemotePrefix)) {
    target.remote = true;
    const std::string_view rest = input.model.substr(kRemotePrefix.size());
    const std::size_t slash = rest.find('/');
    target.provider = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) target.remote_model = std::string(rest.substr(slash + 1));
  } else if ((target.route = route(input.model)) == nullptr) {
    target.local = std::find(input.local_models.begin(), input.local_models.end(), input.model) !=
                   input.local_models.end();
  }
  if (!target.remote && target.route == nullptr && !target.local) {
    RouteDecision decision =
        decided(Route::refuse, Step::explicit_choice,
                fmt::format("no model, route or provider is named `{}`", input.model));
    decision.unknown_model = true;
    return decision;
  }
  if (target.remote && !contains(config_.providers, target.provider)) {
    RouteDecision decision =
        decided(Route::refuse, Step::explicit_choice,
                fmt::format("no remote provider is named `{}`", target.provider));
    decision.unknown_model = true;
    return decision;
  }

  // The remote chain this request may use: the route's (or the named
  // provider), narrowed to the providers the policy allows.
  std::vector<std::string> chain;
  if (target.remote) {
    chain.push_back(target.provider);
  } else if (target.route != nullptr) {
    chain = target.route->providers;
  }
  if (!key_policy->providers.empty()) {
    std::erase_if(chain,
                  [&](const std::string& name) { return !contains(key_policy->providers, name); });
  }

  std::vector<std::string> sensitive;
  for (const std::string& found : input.classes_found) {
    if (contains(key_policy->keep_local, found) && !contains(sensitive, found)) {
      sensitive.push_back(found);
    }
  }
  const std::string local_model = target.route != nullptr
                                      ? target.route->local_model
                                      : (target.local ? std::string(input.model) : std::string());
  const auto local = [&](Step step, std::string reason) {
    RouteDecision decision = decided(Route::local, step, std::move(reason));
    decision.local_model = local_model;
    return decision;
  };
  const auto remote = [&](Step step, std::string reason) {
    RouteDecision decision = decided(Route::remote, step, std::move(reason));
    decision.providers = chain;
    decision.remote_model = target.remote_model;
    return decision;
  };
  const bool over_daily = input.daily_cap_usd > 0 && input.spent_today_usd >= input.daily_cap_usd;
  const bool over_monthly =
      input.monthly_cap_usd > 0 && input.spent_month_usd >= input.monthly_cap_usd;
  const auto budget_reason = [&] {
    return over_daily ? fmt::format("the key's daily budget of ${:.2f} is spent (${:.4f})",
                                    input.daily_cap_usd, input.spent_today_usd)
                      : fmt::format("the key's monthly budget of ${:.2f} is spent (${:.4f})",
                                    input.monthly_cap_usd, input.spent_month_usd);
  };
  std::vector<std::string> available = chain;
  std::erase_if(available, [&](const std::string& name) {
    return !contains(input.providers_available, name);
  });

  // 1. Policy.
  const std::string policy_name = key_policy->name;
  if (target.remote) {
    if (!key_policy->allow_remote) {
      return decided(Route::refuse, Step::policy,
                     fmt::format("policy `{}` allows no remote model", policy_name));
    }
    if (!sensitive.empty()) {
      return decided(Route::refuse, Step::policy,
                     fmt::format("the request holds {}, which policy `{}` keeps local",
                                 joined(sensitive), policy_name));
    }
    if (chain.empty()) {
      return decided(
          Route::refuse, Step::policy,
          fmt::format("policy `{}` does not allow provider `{}`", policy_name, target.provider));
    }
  }
  const bool remote_allowed =
      !target.local && key_policy->allow_remote && sensitive.empty() && !chain.empty();
  const std::uint64_t needed = input.prompt_tokens + input.completion_tokens;
  const bool fits_locally = input.local_context == 0 || needed <= input.local_context;
  if (target.route != nullptr && !sensitive.empty()) {
    if (!fits_locally) {
      return decided(Route::refuse, Step::policy,
                     fmt::format("the request holds {}, which policy `{}` keeps local, and it "
                                 "does not fit the local model ({} tokens > {})",
                                 joined(sensitive), policy_name, needed, input.local_context));
    }
    return local(Step::policy, fmt::format("the request holds {}, which policy `{}` keeps local",
                                           joined(sensitive), policy_name));
  }

  // 2. Explicit choice.
  if (target.local) return local(Step::explicit_choice, "the request names a local model");
  if (target.remote) {
    if (over_daily || over_monthly) return decided(Route::refuse, Step::budget, budget_reason());
    if (available.empty()) {
      return decided(
          Route::refuse, Step::availability,
          fmt::format("provider `{}` is unavailable (circuit breaker open)", target.provider));
    }
    return remote(Step::explicit_choice,
                  fmt::format("the request names provider `{}`", target.provider));
  }

  // 3. Fit.
  const RouteConfig& route_config = *target.route;
  const bool no_remote_route = route_config.providers.empty();
  std::string misfit;
  if (!fits_locally) {
    misfit = fmt::format("the request needs {} tokens; the local model's context is {}", needed,
                         input.local_context);
  } else if (route_config.max_local_prompt_tokens > 0 &&
             input.prompt_tokens > route_config.max_local_prompt_tokens) {
    misfit = fmt::format("the prompt has {} tokens; the route keeps at most {} local",
                         input.prompt_tokens, route_config.max_local_prompt_tokens);
  } else if (!input.task.empty() && contains(route_config.remote_tasks, input.task)) {
    misfit = fmt::format("task `{}` is not done locally", input.task);
  }
  if (!misfit.empty()) {
    if (!remote_allowed) {
      return decided(Route::refuse, Step::fit,
                     no_remote_route
                         ? fmt::format("{}, and the route has no remote provider", misfit)
                         : fmt::format("{}, and policy `{}` allows no remote provider for it",
                                       misfit, policy_name));
    }
    if (over_daily || over_monthly) {
      return decided(Route::refuse, Step::budget,
                     fmt::format("{}, but {}", misfit, budget_reason()));
    }
    if (available.empty()) {
      return decided(Route::refuse, Step::availability,
                     fmt::format("{}, but no remote provider is available", misfit));
    }
    return remote(Step::fit, misfit);
  }
  if (no_remote_route) return local(Step::default_route, "local: the route has no remote provider");
  if (!remote_allowed) {
    return local(Step::policy, fmt::format("policy `{}` keeps it local", policy_name));
  }

  // 4. Budget.
  if (over_daily || over_monthly) return local(Step::budget, budget_reason());

  // 5. Availability.
  if (available.empty()) {
    return local(Step::availability, "no remote provider is available (circuit breaker open)");
  }
  if (input.local_overloaded) {
    RouteDecision decision = remote(Step::availability, "the local model is overloaded");
    decision.providers = available;
    return decision;
  }

  // 6. Confidence.
  if (route_config.cascade.enabled) {
    RouteDecision decision = local(Step::confidence, "local first; escalates on low confidence");
    decision.cascade = true;
    decision.thresholds = route_config.cascade;
    decision.providers = available;
    return decision;
  }
  return local(Step::default_route, "local by default");
}

RouteDecision Router::escalate_after(const RouteDecision& cascade,
                                     const ConfidenceScore& score) const {
  RouteDecision decision = cascade;
  decision.cascade = false;
  decision.step = Step::confidence;
  if (const std::optional<std::string> shortfall = below_thresholds(score, cascade.thresholds)) {
    decision.route = Route::remote;
    decision.reason = fmt::format("low local confidence: {}", *shortfall);
  } else {
    decision.route = Route::local;
    decision.reason =
        fmt::format("local answer confident (mean log-probability {:.2f}, entropy {:.2f})",
                    score.mean_logprob, score.mean_entropy);
  }
  return decision;
}

}  // namespace hearth::route
