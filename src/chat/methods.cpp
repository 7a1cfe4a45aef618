#include "methods.h"

namespace hearth::chat::jinja {

std::optional<Value> find_method(const Value& receiver, std::string_view name) {
  if (receiver.is_string()) return find_string_method(receiver, name);
  if (receiver.is_array() || receiver.is_dict()) return find_collection_method(receiver, name);
  return std::nullopt;
}

}  // namespace hearth::chat::jinja
