#include "json_fields.h"

#include <fmt/format.h>

#include <cmath>

#include "api_error.h"

namespace hearth::server {
namespace {

constexpr int kMaxDepth = 64;

// Nesting depth of a JSON text, counted outside strings.
bool nesting_within(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace

Json parse_body(std::string_view body) {
  if (!nesting_within(body, kMaxDepth)) {
    throw invalid_request(fmt::format("the JSON body is nested deeper than {} levels", kMaxDepth));
  }
  Json value = Json::parse(body, nullptr, false);
  if (value.is_discarded()) {
    throw invalid_request(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
        "using your HTTP library correctly. The OpenAI API expects a JSON payload.)");
  }
  if (!value.is_object()) throw invalid_request("the request body must be a JSON object");
  return value;
}

std::string_view json_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    default:
      return "a value";
  }
}

FieldReader::FieldReader(const Json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

const Json* FieldReader::find(std::string_view name) {
  read_.emplace(name);
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json& FieldReader::require(std::string_view name) {
  const Json* value = find(name);
  if (value == nullptr) {
    throw invalid_request(fmt::format("'{}' is a required property", path(name)), path(name));
  }
  return *value;
}

std::optional<std::string> FieldReader::string(std::string_view name) {
  const Json* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    throw invalid_request(fmt::format("Invalid type for '{}': expected a string, but got {}.",
                                      path(name), json_type_name(*value)),
                          path(name), "invalid_type");
  }
  return value->get<std::string>();
}

std::string FieldReader::required_string(std::string_view name) {
  require(name);
  return *string(name);
}

std::optional<bool> FieldReader::boolean(std::string_view name) {
  const Json* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    throw invalid_request(fmt::format("Invalid type for '{}': expected a boolean, but got {}.",
                                      path(name), json_type_name(*value)),
                          path(name), "invalid_type");
  }
  return value->get<bool>();
}

std::optional<double> FieldReader::number(std::string_view name, double min, double max) {
  const Json* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    throw invalid_request(fmt::format("Invalid type for '{}': expected a number, but got {}.",
                                      path(name), json_type_name(*value)),
                          path(name), "invalid_type");
  }
  const double number = value->get<double>();
  if (!std::isfinite(number) || number < min || number > max) {
    throw invalid_request(fmt::format("Invalid '{}': {} is not between {} and {}.", path(name),
                                      value->dump(), min, max),
                          path(name), "invalid_value");
  }
  return number;
}

std::optional<std::int64_t> FieldReader::integer(std::string_view name, std::int64_t min,
                                                 std::int64_t max) {
  const Json* value = find(name);
  if (value == nullptr) return std::nullopt;
  const bool whole_float = value->is_number_float() && std::isfinite(value->get<double>()) &&
                           std::floor(value->get<double>()) == value->get<double>() &&
                           std::fabs(value->get<double>()) < 9.2e18;
  if (!value->is_number_integer() && !value->is_number_unsigned() && !whole_float) {
    throw invalid_request(fmt::format("Invalid type for '{}': expected an integer, but got {}.",
                                      path(name), json_type_name(*value)),
                          path(name), "invalid_type");
  }
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    throw invalid_request(fmt::format("Invalid '{}': {} is greater than the maximum of {}.",
                                      path(name), value->dump(), max),
                          path(name), "invalid_value");
  }
  const std::int64_t number =
      whole_float ? static_cast<std::int64_t>(value->get<double>()) : value->get<std::int64_t>();
  if (number < min) {
    throw invalid_request(
        fmt::format("Invalid '{}': {} is less than the minimum of {}.", path(name), number, min),
        path(name), "invalid_value");
  }
  if (number > max) {
    throw invalid_request(
        fmt::format("Invalid '{}': {} is greater than the maximum of {}.", path(name), number, max),
        path(name), "invalid_value");
  }
  return number;
}

void FieldReader::reject_unknown() const {
  for (const auto& [key, value] : object_.items()) {
    if (!read_.contains(key)) {
      throw invalid_request(
          fmt::format("Unrecognized request argument supplied: {}", prefix_ + key), prefix_ + key);
    }
  }
}

}  // namespace hearth::server
