#include "hearth/route/router.h"

#include <gtest/gtest.h>

#include "hearth/util/error.h"

namespace hearth::route {
namespace {

RouterConfig two_provider_config() {
  RouterConfig config;
  config.providers = {"openai", "anthropic"};
  RouteConfig route;
  route.name = "auto";
  route.local_model = "qwen";
  route.providers = {"openai", "anthropic"};
  route.remote_tasks = {"code"};
  route.cascade.enabled = true;
  config.routes.push_back(route);
  Policy strict;
  strict.name = "strict";
  strict.keep_local = {"credential", "health"};
  strict.providers = {"anthropic"};
  config.policies.push_back(strict);
  Policy offline;
  offline.name = "offline";
  offline.allow_remote = false;
  config.policies.push_back(offline);
  return config;
}

RouteInput input_for(std::string_view model) {
  RouteInput input;
  input.model = model;
  input.prompt_tokens = 100;
  input.completion_tokens = 100;
  input.local_context = 4096;
  input.providers_available = {"openai", "anthropic"};
  input.local_models = {"qwen"};
  return input;
}

TEST(Router, AutoWithCascadeAnswersLocallyFirst) {
  const Router router(two_provider_config());
  const RouteDecision decision = router.decide(input_for("auto"));
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::confidence);
  EXPECT_TRUE(decision.cascade);
  EXPECT_EQ(decision.local_model, "qwen");
  EXPECT_EQ(decision.providers, (std::vector<std::string>{"openai", "anthropic"}));
}

TEST(Router, AutoWithoutCascadeStaysLocalByDefault) {
  RouterConfig config = two_provider_config();
  config.routes[0].cascade.enabled = false;
  const RouteDecision decision = Router(config).decide(input_for("auto"));
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::default_route);
  EXPECT_FALSE(decision.cascade);
}

TEST(Router, PolicyKeepsSensitiveClassesLocalEvenWhenTheyDoNotFitIsARefusal) {
  const Router router(two_provider_config());
  RouteInput input = input_for("auto");
  input.policy = "strict";
  input.classes_found = {"credential", "API_KEY", "contact"};
  RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::policy);
  EXPECT_NE(decision.reason.find("credential"), std::string::npos) << decision.reason;
  EXPECT_EQ(decision.reason.find("contact"), std::string::npos) << decision.reason;

  input.prompt_tokens = 5000;
  decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::refuse);
  EXPECT_EQ(decision.step, Step::policy);
}

TEST(Router, DefaultPolicyLetsEverythingOut) {
  const Router router(two_provider_config());
  RouteInput input = input_for("remote:openai");
  input.classes_found = {"credential"};
  const RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::remote);
  EXPECT_EQ(decision.step, Step::explicit_choice);
  EXPECT_EQ(decision.providers, std::vector<std::string>{"openai"});
}

TEST(Router, ExplicitRemoteWithSensitiveDataIsRefused) {
  const Router router(two_provider_config());
  RouteInput input = input_for("remote:anthropic");
  input.policy = "strict";
  input.classes_found = {"health"};
  const RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::refuse);
  EXPECT_EQ(decision.step, Step::policy);
  EXPECT_NE(decision.reason.find("health"), std::string::npos);
}

TEST(Router, ExplicitRemoteOutsideThePolicysProvidersIsRefused) {
  const Router router(two_provider_config());
  RouteInput input = input_for("remote:openai");
  input.policy = "strict";
  EXPECT_EQ(router.decide(input).route, Route::refuse);
  input.model = "remote:anthropic/claude-x";
  const RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::remote);
  EXPECT_EQ(decision.remote_model, "claude-x");
}

TEST(Router, PolicyWithoutRemoteRefusesExplicitRemoteAndKeepsAutoLocal) {
  const Router router(two_provider_config());
  RouteInput input = input_for("remote:openai");
  input.policy = "offline";
  EXPECT_EQ(router.decide(input).route, Route::refuse);
  input.model = "auto";
  const RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::policy);
  EXPECT_FALSE(decision.cascade);
}

TEST(Router, ARouteWithoutProvidersIsLocalByDefault) {
  RouterConfig config = two_provider_config();
  config.routes[0].providers.clear();
  const Router router(config);
  RouteInput input = input_for("auto");
  RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::default_route);
  EXPECT_FALSE(decision.cascade);
  input.prompt_tokens = 5000;
  decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::refuse);
  EXPECT_NE(decision.reason.find("the route has no remote provider"), std::string::npos);
}

TEST(Router, UnknownNamesAreRefusedAsUnknown) {
  const Router router(two_provider_config());
  RouteDecision decision = router.decide(input_for("gpt-5"));
  EXPECT_EQ(decision.route, Route::refuse);
  EXPECT_TRUE(decision.unknown_model);
  decision = router.decide(input_for("remote:nobody"));
  EXPECT_TRUE(decision.unknown_model);
}

TEST(Router, ALocalModelByNameIsExplicit) {
  const Router router(two_provider_config());
  const RouteDecision decision = router.decide(input_for("qwen"));
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::explicit_choice);
  EXPECT_EQ(decision.local_model, "qwen");
}

TEST(Router, TooLongForTheLocalContextGoesRemote) {
  const Router router(two_provider_config());
  RouteInput input = input_for("auto");
  input.prompt_tokens = 4000;
  const RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::remote);
  EXPECT_EQ(decision.step, Step::fit);
  EXPECT_NE(decision.reason.find("4100"), std::string::npos) << decision.reason;
}

TEST(Router, RemoteTasksGoRemote) {
  const Router router(two_provider_config());
  RouteInput input = input_for("auto");
  input.task = "code";
  EXPECT_EQ(router.decide(input).step, Step::fit);
  input.task = "summarize";
  EXPECT_EQ(router.decide(input).route, Route::local);
}

TEST(Router, ASpentBudgetKeepsAutoLocalAndRefusesExplicitRemote) {
  const Router router(two_provider_config());
  RouteInput input = input_for("auto");
  input.daily_cap_usd = 1.0;
  input.spent_today_usd = 1.0;
  RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::budget);
  EXPECT_FALSE(decision.cascade);

  input.model = "remote:openai";
  EXPECT_EQ(router.decide(input).route, Route::refuse);

  input.model = "auto";
  input.prompt_tokens = 9000;
  decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::refuse);
  EXPECT_EQ(decision.step, Step::budget);

  input.prompt_tokens = 100;
  input.daily_cap_usd = 0;
  input.monthly_cap_usd = 10;
  input.spent_month_usd = 9.99;
  EXPECT_TRUE(router.decide(input).cascade);
}

TEST(Router, UnavailableProvidersKeepItLocalAndAnOverloadedLocalModelSendsItOut) {
  const Router router(two_provider_config());
  RouteInput input = input_for("auto");
  input.providers_available = {};
  RouteDecision decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::local);
  EXPECT_EQ(decision.step, Step::availability);

  input.providers_available = {"anthropic"};
  input.local_overloaded = true;
  decision = router.decide(input);
  EXPECT_EQ(decision.route, Route::remote);
  EXPECT_EQ(decision.step, Step::availability);
  EXPECT_EQ(decision.providers, std::vector<std::string>{"anthropic"});

  input.model = "remote:openai";
  EXPECT_EQ(router.decide(input).route, Route::refuse);
}

TEST(Router, EscalatesOnLowConfidence) {
  const Router router(two_provider_config());
  const RouteDecision cascade = router.decide(input_for("auto"));
  ConfidenceScore score;
  score.tokens = 10;
  score.mean_logprob = -0.2;
  score.mean_entropy = 0.5;
  RouteDecision after = router.escalate_after(cascade, score);
  EXPECT_EQ(after.route, Route::local);
  EXPECT_EQ(after.step, Step::confidence);

  score.mean_logprob = -3.0;
  after = router.escalate_after(cascade, score);
  EXPECT_EQ(after.route, Route::remote);
  EXPECT_NE(after.reason.find("-3.00"), std::string::npos) << after.reason;

  score.mean_logprob = -0.2;
  score.structured_valid = false;
  EXPECT_EQ(router.escalate_after(cascade, score).route, Route::remote);
}

TEST(Router, RefusesBadConfigurations) {
  RouterConfig config = two_provider_config();
  config.routes.push_back(config.routes[0]);
  EXPECT_THROW(Router{config}, Error);
  config = two_provider_config();
  config.policies[0].keep_local = {"horoscope"};
  EXPECT_THROW(Router{config}, Error);
  config = two_provider_config();
  config.routes[0].providers = {"mistral"};
  EXPECT_THROW(Router{config}, Error);
  EXPECT_THROW(Router{RouterConfig{}}, Error);
}

TEST(Router, KnowsClassNames) {
  EXPECT_TRUE(is_known_class("credential"));
  EXPECT_TRUE(is_known_class("health"));
  EXPECT_TRUE(is_known_class("EMAIL"));
  EXPECT_FALSE(is_known_class("astrology"));
}

}  // namespace
}  // namespace hearth::route
