#include "json_values.h"

#include <limits>

#include "hearth/util/error.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

Value string_value(const std::string& text) {
  if (!is_valid_utf8(text)) raise(ErrorKind::invalid_argument, "context string is not valid UTF-8");
  return Value::string(text);
}

Value convert(const nlohmann::ordered_json& json, std::size_t depth) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
      return Value::none();
    case nlohmann::json::value_t::boolean:
      return Value::boolean(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::integer(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      const auto number = json.get<std::uint64_t>();
      if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        raise(ErrorKind::unsupported, "context integer {} does not fit in 64 bits", number);
      }
      return Value::integer(static_cast<std::int64_t>(number));
    }
    case nlohmann::json::value_t::number_float:
      return Value::floating(json.get<double>());
    case nlohmann::json::value_t::string:
      return string_value(json.get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      if (depth >= kMaxNesting) break;
      std::vector<Value> items;
      items.reserve(json.size());
      for (const auto& item : json) items.push_back(convert(item, depth + 1));
      return Value::array(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      if (depth >= kMaxNesting) break;
      Dict entries;
      for (const auto& [key, item] : json.items()) {
        if (!is_valid_utf8(key))
          raise(ErrorKind::invalid_argument, "context key is not valid UTF-8");
        entries.insert_or_assign(key, convert(item, depth + 1));
      }
      return Value::dict(std::move(entries));
    }
    default:
      raise(ErrorKind::unsupported, "context values of JSON type {} are not supported",
            json.type_name());
  }
  raise(ErrorKind::invalid_argument, "context nested more than {} deep", kMaxNesting);
}

}  // namespace

Value value_from_json(const nlohmann::ordered_json& json) {
  return convert(json, 0);
}

}  // namespace hearth::chat::jinja
