#include "value.h"

#include <algorithm>
#include <type_traits>

#include "hearth/util/error.h"

namespace hearth::chat::jinja {

Value Value::undefined(std::string hint) {
  return make<Undefined>(Undefined{std::move(hint)});
}
Value Value::none() {
  return make<std::nullptr_t>(nullptr);
}
Value Value::boolean(bool value) {
  return make<bool>(value);
}
Value Value::integer(std::int64_t value) {
  return make<std::int64_t>(value);
}
Value Value::floating(double value) {
  return make<double>(value);
}
Value Value::string(std::string value) {
  return make<std::string>(std::move(value));
}

namespace {

std::size_t checked_nesting(std::size_t deepest_item) {
  if (deepest_item >= kMaxNesting) {
    raise(ErrorKind::resource_exhausted, "lists and dicts nested more than {} deep", kMaxNesting);
  }
  return deepest_item + 1;
}

std::shared_ptr<const Array> make_array(std::vector<Value> items, bool is_tuple,
                                        std::vector<std::string> field_names = {}) {
  std::size_t deepest = 0;
  for (const Value& item : items) deepest = std::max(deepest, item.nesting());
  const std::size_t nesting = checked_nesting(deepest);
  return std::make_shared<const Array>(
      Array{std::move(items), is_tuple, nesting, std::move(field_names)});
}

}  // namespace

Value Value::array(std::vector<Value> items) {
  return make<std::shared_ptr<const Array>>(make_array(std::move(items), false));
}

Value Value::tuple(std::vector<Value> items) {
  return make<std::shared_ptr<const Array>>(make_array(std::move(items), true));
}

Value Value::named_tuple(std::vector<Value> items, std::vector<std::string> field_names) {
  return make<std::shared_ptr<const Array>>(
      make_array(std::move(items), true, std::move(field_names)));
}

Value Value::dict(Dict entries) {
  std::size_t deepest = 0;
  for (const auto& entry : entries.entries()) deepest = std::max(deepest, entry.second.nesting());
  entries.nesting_ = checked_nesting(deepest);
  return make<std::shared_ptr<const Dict>>(std::make_shared<const Dict>(std::move(entries)));
}

std::size_t Value::nesting() const noexcept {
  if (is_array()) return as_array().nesting;
  if (is_dict()) return as_dict().nesting();
  return 0;
}

Value Value::namespace_object(std::shared_ptr<Namespace> object) {
  return make<std::shared_ptr<Namespace>>(std::move(object));
}

Value Value::callable(std::shared_ptr<const Callable> function) {
  return make<std::shared_ptr<const Callable>>(std::move(function));
}

Value Value::loop(std::shared_ptr<LoopState> state) {
  return make<std::shared_ptr<LoopState>>(std::move(state));
}

Value Value::iterator(std::vector<Value> items, std::string python_type, std::string origin) {
  return make<std::shared_ptr<IteratorState>>(std::make_shared<IteratorState>(
      IteratorState{std::move(items), 0, std::move(python_type), std::move(origin), std::nullopt}));
}

bool Value::is_number() const noexcept {
  return is_boolean() || is_integer() || is_floating();
}

bool Value::is_tuple() const noexcept {
  return is_array() && as_array().is_tuple;
}

std::int64_t Value::integral_value() const {
  return is_boolean() ? std::int64_t{as_boolean()} : as_integer();
}

double Value::numeric_value() const {
  return is_floating() ? as_floating() : static_cast<double>(integral_value());
}

bool Value::truthy() const {
  switch (kind()) {
    case Kind::undefined:
    case Kind::none:
      return false;
    case Kind::boolean:
      return as_boolean();
    case Kind::integer:
      return as_integer() != 0;
    case Kind::floating:
      return as_floating() != 0.0;
    case Kind::string:
      return !as_string().empty();
    case Kind::array:
      return !as_array().items.empty();
    case Kind::dict:
      return !as_dict().empty();
    case Kind::namespace_object:
    case Kind::callable:
    case Kind::loop:
    case Kind::iterator:
      return true;
  }
  return false;
}

std::string_view Value::type_name() const noexcept {
  switch (kind()) {
    case Kind::undefined:
      return "Undefined";
    case Kind::none:
      return "NoneType";
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::floating:
      return "float";
    case Kind::string:
      return "str";
    case Kind::array:
      return is_tuple() ? "tuple" : "list";
    case Kind::dict:
      return "dict";
    case Kind::namespace_object:
      return "Namespace";
    case Kind::callable:
      return "function";
    case Kind::loop:
      return "LoopContext";
    case Kind::iterator:
      return as_iterator().python_type;
  }
  return "object";
}

const void* Value::identity() const noexcept {
  return std::visit(
      [](const auto& data) -> const void* {
        using T = std::decay_t<decltype(data)>;
        if constexpr (std::is_same_v<T, std::shared_ptr<const Array>> ||
                      std::is_same_v<T, std::shared_ptr<const Dict>> ||
                      std::is_same_v<T, std::shared_ptr<Namespace>> ||
                      std::is_same_v<T, std::shared_ptr<const Callable>> ||
                      std::is_same_v<T, std::shared_ptr<LoopState>> ||
                      std::is_same_v<T, std::shared_ptr<IteratorState>>) {
          return data.get();
        } else {
          return nullptr;
        }
      },
      data_);
}

void Value::raise_undefined() const {
  const std::string& hint = std::get<Undefined>(data_).hint;
  raise(ErrorKind::invalid_argument, "{}", hint.empty() ? "undefined value" : hint);
}

const Value* Dict::find(std::string_view key) const {
  const auto found = index_.find(key);
  return found == index_.end() ? nullptr : &entries_[found->second].second;
}

void Dict::insert_or_assign(std::string key, Value value) {
  const auto found = index_.find(std::string_view(key));
  if (found != index_.end()) {
    entries_[found->second].second = std::move(value);
    return;
  }
  index_.emplace(key, entries_.size());
  entries_.emplace_back(std::move(key), std::move(value));
}

}  // namespace hearth::chat::jinja
