// jinja2's built-in filters ({{ value | name(arguments) }}), with Hugging
// Face's tojson in place of jinja2's.
#pragma once

#include <string_view>

#include "arguments.h"
#include "value.h"

namespace hearth::chat::jinja {

using FilterFunction = Value (*)(Interpreter& interpreter, const Value& subject,
                                 const Arguments& arguments);

// The filter called `name` (aliases included: d, e, count), or nullptr.
FilterFunction find_filter(std::string_view name);

}  // namespace hearth::chat::jinja
