#include "wire_json.h"

#include "hearth/util/error.h"

namespace hearth::remote::detail {

using nlohmann::json;

json parse_json_object(std::string_view text, std::string_view what) {
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) raise(ErrorKind::invalid_data, "{} is not JSON", what);
  if (!value.is_object()) raise(ErrorKind::invalid_data, "{} is not a JSON object", what);
  return value;
}

const json* find_member(const json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

std::optional<std::string> string_member(const json& object, const std::string& key) {
  const json* member = find_member(object, key);
  if (member == nullptr) return std::nullopt;
  if (!member->is_string()) raise(ErrorKind::invalid_data, "\"{}\" is not a string", key);
  return member->get<std::string>();
}

const json* object_member(const json& object, const std::string& key) {
  const json* member = find_member(object, key);
  if (member != nullptr && !member->is_object()) {
    raise(ErrorKind::invalid_data, "\"{}\" is not an object", key);
  }
  return member;
}

const json* array_member(const json& object, const std::string& key) {
  const json* member = find_member(object, key);
  if (member != nullptr && !member->is_array()) {
    raise(ErrorKind::invalid_data, "\"{}\" is not an array", key);
  }
  return member;
}

std::uint64_t count_member(const json& object, const std::string& key) {
  const json* member = find_member(object, key);
  if (member == nullptr) return 0;
  if (member->is_number_unsigned()) return member->get<std::uint64_t>();
  if (member->is_number_integer() && member->get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(member->get<std::int64_t>());
  }
  raise(ErrorKind::invalid_data, "\"{}\" is not a token count", key);
}

std::string dump_json(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string dump_json(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace hearth::remote::detail
