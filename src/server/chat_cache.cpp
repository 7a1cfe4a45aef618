#include "chat_cache.h"

#include <nlohmann/json.hpp>

namespace hearth::server {
namespace {

constexpr const char* kTransportFields[] = {"stream", "stream_options", "user", "metadata",
                                            "store"};

}  // namespace

std::optional<std::string> chat_cache_key(const Json& body, bool nondeterministic) {
  if (!body.is_object()) return std::nullopt;
  const auto temperature = body.find("temperature");
  const bool greedy =
      temperature != body.end() && temperature->is_number() && temperature->get<double>() <= 0;
  const auto seed = body.find("seed");
  const bool seeded = seed != body.end() && seed->is_number_integer();
  if (!greedy && !seeded && !nondeterministic) return std::nullopt;
  // nlohmann::json (unlike ordered_json) keeps object keys sorted at every
  // level, which makes its dump a canonical form.
  nlohmann::json normalized = nlohmann::json::parse(body.dump());
  for (const char* field : kTransportFields) normalized.erase(field);
  return normalized.dump();
}

std::string cache_value(const std::vector<ChoiceAnswer>& choices, const Json& usage,
                        const std::string& route, const std::string& reason) {
  Json stored = Json::object();
  Json list = Json::array();
  for (const ChoiceAnswer& choice : choices) {
    list.push_back({{"text", choice.text},
                    {"finish_reason", choice.finish_reason},
                    {"logprobs", choice.logprobs}});
  }
  stored["choices"] = std::move(list);
  stored["usage"] = usage;
  stored["route"] = route;
  stored["reason"] = reason;
  return stored.dump();
}

bool answer_from_cache(const std::string& value, ChatResponder& responder) {
  std::vector<ChoiceAnswer> choices;
  Json usage;
  try {
    const Json stored = Json::parse(value);
    for (const Json& choice : stored.at("choices")) {
      choices.push_back({choice.at("text").get<std::string>(),
                         choice.at("finish_reason").get<std::string>(), choice.at("logprobs")});
    }
    usage = stored.at("usage");
    usage["cache_hit"] = true;
    responder.set_header("x-hearth-route", stored.at("route").get<std::string>());
    responder.set_header("x-hearth-reason", stored.at("reason").get<std::string>());
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  if (choices.empty()) return false;
  responder.set_header("x-hearth-cache", "hit");
  responder.complete(choices, std::move(usage), Json::object(), false);
  return true;
}

}  // namespace hearth::server
