// The router: for each request, LOCAL, REMOTE or REFUSE, with the reason.
//
// The steps, in order; the first that decides wins:
//   1. policy — sensitive data classes found in the request (by the privacy
//      scan and the topic lexicon) that the key's policy keeps local; a policy
//      that allows no remote at all;
//   2. explicit — the client named a local model or `remote:NAME`;
//   3. fit — the prompt does not fit the local model's context, or the task
//      is one the route sends remote;
//   4. budget — the key's daily or monthly spend cap is reached;
//   5. availability — no remote provider reachable (breakers open) → local;
//      the local model overloaded → remote;
//   6. confidence — answer locally, score the answer, escalate when it scores
//      below the route's thresholds (the router says "cascade"; the server
//      runs it and calls escalate_after()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/privacy/policy.h"
#include "hearth/route/confidence.h"

namespace hearth::route {

enum class Route : std::uint8_t { local, remote, refuse };
std::string_view route_name(Route route) noexcept;  // "local", "remote", "refuse"

// Which step decided.
// default_route: nothing decided otherwise, so the request stays local.
enum class Step : std::uint8_t {
  policy,
  explicit_choice,
  fit,
  budget,
  availability,
  confidence,
  default_route
};
std::string_view step_name(Step step) noexcept;  // "policy", "explicit", "fit", ..., "default"

// What a key may send out.
struct Policy {
  std::string name = "default";
  bool allow_remote = true;
  // Classes that keep a request local when found in it: data class names
  // ("credential", "financial", "identity", "contact", "government_id",
  // "network"), topic names ("health", "finance"), or entity type names
  // ("API_KEY", "EMAIL").
  std::vector<std::string> keep_local;
  // Remote providers this policy may use, in fallback order; empty: the route's.
  std::vector<std::string> providers;
  // How findings are replaced before egress.
  privacy::Policy egress;
};

// A model name clients can ask for ("auto"): a local model, a remote chain
// and the cascade between them.
struct RouteConfig {
  std::string name = "auto";
  std::string local_model;             // the local model's id
  std::vector<std::string> providers;  // remote fallback chain, in order
  // Tasks (the request's x-hearth-task header) the local model is not to do.
  std::vector<std::string> remote_tasks;
  // Prompts longer than this many tokens go remote (0: the local context
  // minus the completion budget decides).
  std::uint32_t max_local_prompt_tokens = 0;
  ConfidenceThresholds cascade;  // disabled unless enabled is set
};

struct RouterConfig {
  std::vector<RouteConfig> routes;  // at least one; the first is the default for "auto"
  std::vector<Policy> policies;     // "default" is added when absent
  // Every configured remote provider's name (the server fills it in from
  // its provider list); `remote:NAME` must name one of them.
  std::vector<std::string> providers;
};

// Everything the router needs to know about one request.
struct RouteInput {
  std::string_view model;  // as requested: a route name, a local model id, "remote:NAME[/MODEL]"
  std::string_view policy = "default";
  std::vector<std::string> classes_found;  // data classes, topics and entity type names present
  std::uint64_t prompt_tokens = 0;         // counted with the local model's tokenizer
  std::uint64_t completion_tokens = 0;     // the completion budget asked for
  std::uint64_t local_context = 0;         // the local model's context length
  std::string_view task;                   // empty: none given
  // Budget: caps (0: none) and what the key has spent.
  double daily_cap_usd = 0;
  double monthly_cap_usd = 0;
  double spent_today_usd = 0;
  double spent_month_usd = 0;
  // Availability: the names of providers whose breaker admits a call now,
  // and whether the local model's queue is full.
  std::vector<std::string> providers_available;
  bool local_overloaded = false;
  // The local models that exist (ids), to tell a local model name from an
  // unknown one.
  std::vector<std::string> local_models;
};

struct RouteDecision {
  Route route = Route::local;
  Step step = Step::policy;
  std::string reason;       // a short sentence for x-hearth-reason and the audit log
  std::string local_model;  // when LOCAL or cascade
  // When REMOTE (or cascade escalation): providers in fallback order, and the
  // model when the request named one ("remote:openai/gpt-4o").
  std::vector<std::string> providers;
  std::string remote_model;
  // LOCAL first, then score and perhaps escalate to `providers`.
  bool cascade = false;
  ConfidenceThresholds thresholds;
  // 404-worthy: the model names nothing known (route is REFUSE then).
  bool unknown_model = false;
};

class Router {
 public:
  // Throws Error(invalid_argument) for no routes, duplicate names, a policy
  // naming an unknown class.
  explicit Router(RouterConfig config);

  RouteDecision decide(const RouteInput& input) const;

  // After a cascade's local answer: escalate (REMOTE, step confidence, with
  // the scores in the reason) or keep it (LOCAL).
  RouteDecision escalate_after(const RouteDecision& cascade, const ConfidenceScore& score) const;

  const RouterConfig& config() const noexcept;
  const Policy* policy(std::string_view name) const noexcept;
  const RouteConfig* route(std::string_view name) const noexcept;

 private:
  RouterConfig config_;
};

// True for a name keep_local accepts: a data class, a topic or an entity type.
bool is_known_class(std::string_view name) noexcept;

}  // namespace hearth::route
