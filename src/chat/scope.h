// Variables visible at one point of a template, falling back to the
// enclosing scope.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "value.h"

namespace hearth::chat::jinja {

class Scope {
 public:
  explicit Scope(std::shared_ptr<Scope> parent = nullptr) : parent_(std::move(parent)) {}

  // The innermost variable called `name`, or nullptr.
  const Value* find(std::string_view name) const {
    for (const Scope* scope = this; scope != nullptr; scope = scope->parent_.get()) {
      for (const auto& [key, value] : scope->variables_) {
        if (key == name) return &value;
      }
    }
    return nullptr;
  }

  void set(std::string_view name, Value value) {
    for (auto& [key, existing] : variables_) {
      if (key == name) {
        existing = std::move(value);
        return;
      }
    }
    variables_.emplace_back(std::string(name), std::move(value));
  }

  void clear() noexcept { variables_.clear(); }

 private:
  std::shared_ptr<Scope> parent_;
  // Scopes hold a handful of names: a linear search beats hashing.
  std::vector<std::pair<std::string, Value>> variables_;
};

}  // namespace hearth::chat::jinja
