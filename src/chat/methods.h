// The methods of Python's str, dict and list that templates call, e.g.
// message.content.startswith('<tool_response>') or tool.items().
#pragma once

#include <optional>
#include <string_view>

#include "value.h"

namespace hearth::chat::jinja {

// The method `name` bound to `receiver` (a string, list or dict), or nothing
// when the type has no such method. A method that would modify a list or dict
// comes back undefined, with the sandbox's message for when it is called.
std::optional<Value> find_method(const Value& receiver, std::string_view name);

// find_method's halves, in string_methods.cpp and collection_methods.cpp.
std::optional<Value> find_string_method(const Value& receiver, std::string_view name);
std::optional<Value> find_collection_method(const Value& receiver, std::string_view name);

}  // namespace hearth::chat::jinja
