#include "arguments.h"

#include "hearth/util/error.h"

namespace hearth::chat::jinja {

const Value* Arguments::keyword(std::string_view name) const {
  for (const auto& [key, value] : keywords) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::vector<Value> bind_arguments(std::string_view function, const Arguments& arguments,
                                  std::initializer_list<ParameterSpec> parameters) {
  if (arguments.positional.size() > parameters.size()) {
    raise(ErrorKind::invalid_argument, "{}() takes at most {} argument(s) ({} given)", function,
          parameters.size(), arguments.positional.size());
  }
  std::vector<Value> bound;
  std::vector<bool> given(parameters.size(), false);
  bound.reserve(parameters.size());
  for (const ParameterSpec& parameter : parameters) bound.push_back(parameter.default_value);
  for (std::size_t i = 0; i < arguments.positional.size(); ++i) {
    bound[i] = arguments.positional[i];
    given[i] = true;
  }
  for (const auto& [name, value] : arguments.keywords) {
    std::size_t index = 0;
    for (const ParameterSpec& parameter : parameters) {
      if (parameter.name == name) break;
      ++index;
    }
    if (index == parameters.size()) {
      raise(ErrorKind::invalid_argument, "{}() got an unexpected keyword argument '{}'", function,
            name);
    }
    if (given[index]) {
      raise(ErrorKind::invalid_argument, "{}() got multiple values for argument '{}'", function,
            name);
    }
    bound[index] = value;
    given[index] = true;
  }
  std::size_t index = 0;
  for (const ParameterSpec& parameter : parameters) {
    if (parameter.required && !given[index]) {
      raise(ErrorKind::invalid_argument, "{}() missing required argument '{}'", function,
            parameter.name);
    }
    ++index;
  }
  return bound;
}

}  // namespace hearth::chat::jinja
