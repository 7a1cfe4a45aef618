// jinja2's built-in tests ({% if value is name(arguments) %}).
#pragma once

#include <string_view>

#include "arguments.h"
#include "value.h"

namespace hearth::chat::jinja {

using TestFunction = bool (*)(Interpreter& interpreter, const Value& subject,
                              const Arguments& arguments);

// The test called `name` (aliases included: ==, equalto, lessthan...), or
// nullptr.
TestFunction find_test(std::string_view name);

}  // namespace hearth::chat::jinja
