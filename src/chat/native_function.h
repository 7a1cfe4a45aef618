// A callable implemented in C++: a global such as range(), or a method bound
// to its receiver such as "text".startswith.
#pragma once

#include <functional>
#include <string>

#include "arguments.h"
#include "value.h"

namespace hearth::chat::jinja {

class NativeFunction final : public Callable {
 public:
  using Implementation = std::function<Value(Interpreter&, const Arguments&)>;

  NativeFunction(std::string description, Implementation implementation)
      : description_(std::move(description)), implementation_(std::move(implementation)) {}

  Value call(Interpreter& interpreter, Arguments arguments) const override {
    return implementation_(interpreter, arguments);
  }
  std::string description() const override { return description_; }

 private:
  std::string description_;
  Implementation implementation_;
};

inline Value native_function(std::string description,
                             NativeFunction::Implementation implementation) {
  return Value::callable(
      std::make_shared<const NativeFunction>(std::move(description), std::move(implementation)));
}

}  // namespace hearth::chat::jinja
