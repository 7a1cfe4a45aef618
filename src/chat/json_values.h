// Template values from JSON, as Python's json.loads would give them.
#pragma once

#include <nlohmann/json.hpp>

#include "value.h"

namespace hearth::chat::jinja {

// Objects become dicts (in the JSON's order), arrays lists, numbers int or
// float as written. Throws Error(invalid_argument) for strings that are not
// UTF-8 or nesting deeper than kMaxNesting, Error(unsupported) for integers
// beyond 64 bits and binary values.
Value value_from_json(const nlohmann::ordered_json& json);

}  // namespace hearth::chat::jinja
