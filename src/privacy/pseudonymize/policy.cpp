#include "hearth/privacy/policy.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

using nlohmann::json;

constexpr std::array<Operator, 5> kOperators = {Operator::placeholder, Operator::mask,
                                                Operator::hash, Operator::drop, Operator::allow};

std::optional<Operator> parse_operator(std::string_view name) {
  for (const Operator op : kOperators) {
    if (operator_name(op) == name) return op;
  }
  return std::nullopt;
}

Operator operator_at(const json& value, std::string_view where) {
  if (!value.is_string()) {
    raise(ErrorKind::invalid_data, "policy: {} must be an operator name (a string), not {}", where,
          value.type_name());
  }
  const auto& name = value.get_ref<const std::string&>();
  if (const std::optional<Operator> op = parse_operator(name)) return *op;
  raise(ErrorKind::invalid_data,
        "policy: {} has unknown operator \"{}\" (known: placeholder, mask, hash, drop, allow)",
        where, name);
}

// nlohmann keeps the last of two equal keys without a word; a policy that
// says two things about one key is refused instead. Depth 0 is the top.
struct DuplicateKeyFinder {
  std::vector<std::set<std::string>> keys_per_open_object;
  std::optional<std::string> duplicate;

  bool operator()(int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        keys_per_open_object.emplace_back();
        break;
      case json::parse_event_t::object_end:
        keys_per_open_object.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys_per_open_object.back().insert(parsed.get<std::string>()).second && !duplicate) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default:
        break;
    }
    return true;
  }
};

json parse_policy_json(std::string_view text) {
  DuplicateKeyFinder finder;
  json document;
  try {
    document = json::parse(text, std::ref(finder));
  } catch (const json::parse_error& error) {
    // Only the position: the parser's own message quotes the text it read
    // last, which may be part of the hash key.
    raise(ErrorKind::invalid_data, "policy: not valid JSON (error at byte {})", error.byte);
  }
  if (finder.duplicate) {
    raise(ErrorKind::invalid_data, "policy: key \"{}\" is given twice", *finder.duplicate);
  }
  return document;
}

}  // namespace

std::string_view operator_name(Operator op) noexcept {
  switch (op) {
    case Operator::placeholder:
      return "placeholder";
    case Operator::mask:
      return "mask";
    case Operator::hash:
      return "hash";
    case Operator::drop:
      return "drop";
    case Operator::allow:
      return "allow";
  }
  return "unknown";
}

Policy::Policy() {
  operators_.fill(Operator::placeholder);
}

Operator Policy::operator_for(EntityType type) const noexcept {
  return operators_[static_cast<std::size_t>(type)];
}

void Policy::set(EntityType type, Operator op) noexcept {
  operators_[static_cast<std::size_t>(type)] = op;
}

void Policy::set_all(Operator op) noexcept {
  operators_.fill(op);
}

Policy Policy::from_json(std::string_view text) {
  const json document = parse_policy_json(text);
  if (!document.is_object()) {
    raise(ErrorKind::invalid_data, "policy: the top level must be an object, not {}",
          document.type_name());
  }
  for (const auto& [key, value] : document.items()) {
    if (key != "default" && key != "entities" && key != "hash_key") {
      raise(ErrorKind::invalid_data,
            "policy: unknown key \"{}\" (known: default, entities, hash_key)", key);
    }
  }

  Policy policy;
  if (const auto found = document.find("default"); found != document.end()) {
    policy.set_all(operator_at(*found, "\"default\""));
  }
  if (const auto found = document.find("entities"); found != document.end()) {
    if (!found->is_object()) {
      raise(ErrorKind::invalid_data, "policy: \"entities\" must be an object, not {}",
            found->type_name());
    }
    std::set<EntityType> seen;
    for (const auto& [name, value] : found->items()) {
      const std::optional<EntityType> type = parse_entity_type(name);
      if (!type) raise(ErrorKind::invalid_data, "policy: unknown entity type \"{}\"", name);
      // Type names are case-insensitive, so "email" and "EMAIL" are one key.
      if (!seen.insert(*type).second) {
        raise(ErrorKind::invalid_data, "policy: entity type {} is given twice",
              entity_type_name(*type));
      }
      policy.set(*type, operator_at(value, fmt::format("entity type \"{}\"", name)));
    }
  }
  if (const auto found = document.find("hash_key"); found != document.end()) {
    if (!found->is_string() || found->get_ref<const std::string&>().empty()) {
      raise(ErrorKind::invalid_data, "policy: \"hash_key\" must be a non-empty string");
    }
    policy.set_hash_key(found->get<std::string>());
  }

  if (policy.hash_key().empty()) {
    for (std::size_t i = 0; i < kEntityTypeCount; ++i) {
      const auto type = static_cast<EntityType>(i);
      if (policy.operator_for(type) == Operator::hash) {
        raise(ErrorKind::invalid_data,
              "policy: {} uses the hash operator but no \"hash_key\" is set",
              entity_type_name(type));
      }
    }
  }
  return policy;
}

}  // namespace hearth::privacy
