#include "structured_output.h"

#include <algorithm>

namespace hearth::server {
namespace {

constexpr int kMaxDepth = 64;

bool has_type(const Json& value, std::string_view type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return true;  // an unknown type name constrains nothing we can check
}

bool satisfies(const Json& value, const Json& schema, int depth) {
  if (depth > kMaxDepth || !schema.is_object()) return true;
  if (const auto type = schema.find("type"); type != schema.end()) {
    if (type->is_string() && !has_type(value, type->get<std::string>())) return false;
    if (type->is_array()) {
      bool any = false;
      for (const Json& option : *type)
        any |= option.is_string() && has_type(value, option.get<std::string>());
      if (!any) return false;
    }
  }
  if (const auto options = schema.find("enum"); options != schema.end() && options->is_array()) {
    if (std::find(options->begin(), options->end(), value) == options->end()) return false;
  }
  if (value.is_object()) {
    const auto properties = schema.find("properties");
    if (const auto required = schema.find("required");
        required != schema.end() && required->is_array()) {
      for (const Json& name : *required) {
        if (name.is_string() && !value.contains(name.get<std::string>())) return false;
      }
    }
    const auto additional = schema.find("additionalProperties");
    const bool closed =
        additional != schema.end() && additional->is_boolean() && !additional->get<bool>();
    for (const auto& [name, member] : value.items()) {
      if (properties != schema.end() && properties->is_object() && properties->contains(name)) {
        if (!satisfies(member, (*properties)[name], depth + 1)) return false;
      } else if (closed) {
        return false;
      }
    }
  }
  if (value.is_array()) {
    if (const auto items = schema.find("items"); items != schema.end()) {
      for (const Json& item : value) {
        if (!satisfies(item, *items, depth + 1)) return false;
      }
    }
  }
  return true;
}

}  // namespace

bool satisfies_response_format(std::string_view text, const Json& response_format) {
  Json value;
  try {
    value = Json::parse(text);
  } catch (const Json::exception&) {
    return false;
  }
  if (!value.is_object()) return false;
  if (response_format.value("type", std::string()) != "json_schema") return true;
  const Json& wrapper = response_format["json_schema"];
  return !wrapper.is_object() || !wrapper.contains("schema") ||
         satisfies(value, wrapper["schema"], 0);
}

}  // namespace hearth::server
