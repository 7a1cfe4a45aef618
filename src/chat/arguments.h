// The arguments of a call, and binding them to named parameters the way
// Python binds a call to a function's signature.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "value.h"

namespace hearth::chat::jinja {

struct Arguments {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keywords;

  const Value* keyword(std::string_view name) const;
};

// One parameter of a built-in function.
struct ParameterSpec {
  std::string_view name;
  bool required = false;
  Value default_value;
};

inline ParameterSpec required_parameter(std::string_view name) {
  return {name, true, {}};
}
inline ParameterSpec optional_parameter(std::string_view name, Value default_value) {
  return {name, false, std::move(default_value)};
}

// One value per parameter: positional arguments in order, then keywords by
// name, then defaults. Throws Error(invalid_argument) naming `function` for
// too many arguments, an unknown or repeated keyword, or a missing one.
std::vector<Value> bind_arguments(std::string_view function, const Arguments& arguments,
                                  std::initializer_list<ParameterSpec> parameters);

}  // namespace hearth::chat::jinja
