// The methods of Python's dict, list and tuple that do not modify them.
#include <fmt/format.h>

#include <array>

#include "arguments.h"
#include "comparison.h"
#include "hearth/util/error.h"
#include "methods.h"
#include "native_function.h"

namespace hearth::chat::jinja {
namespace {

using CollectionMethod = Value (*)(const Value& self, const Arguments& arguments);

Value dict_items(const Value& self, const Arguments& arguments) {
  bind_arguments("items", arguments, {});
  std::vector<Value> items;
  for (const auto& [key, value] : self.as_dict().entries()) {
    items.push_back(Value::tuple({Value::string(key), value}));
  }
  return Value::array(std::move(items));
}

Value dict_keys(const Value& self, const Arguments& arguments) {
  bind_arguments("keys", arguments, {});
  std::vector<Value> keys;
  for (const auto& entry : self.as_dict().entries()) keys.push_back(Value::string(entry.first));
  return Value::array(std::move(keys));
}

Value dict_values(const Value& self, const Arguments& arguments) {
  bind_arguments("values", arguments, {});
  std::vector<Value> values;
  for (const auto& entry : self.as_dict().entries()) values.push_back(entry.second);
  return Value::array(std::move(values));
}

Value dict_get(const Value& self, const Arguments& arguments) {
  const auto bound = bind_arguments(
      "get", arguments, {required_parameter("key"), optional_parameter("default", Value::none())});
  hash_key(bound[0]);  // raises for an unhashable key, as Python does
  if (bound[0].is_string()) {
    if (const Value* item = self.as_dict().find(bound[0].as_string())) return *item;
  }
  return bound[1];
}

Value copy(const Value& self, const Arguments& arguments) {
  bind_arguments("copy", arguments, {});
  return self;
}

Value sequence_count(const Value& self, const Arguments& arguments) {
  const auto bound = bind_arguments("count", arguments, {required_parameter("value")});
  std::int64_t count = 0;
  for (const Value& item : self.as_array().items) count += python_equal(item, bound[0]) ? 1 : 0;
  return Value::integer(count);
}

Value sequence_index(const Value& self, const Arguments& arguments) {
  const auto bound = bind_arguments("index", arguments, {required_parameter("value")});
  const auto& items = self.as_array().items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (python_equal(items[i], bound[0])) return Value::integer(static_cast<std::int64_t>(i));
  }
  raise(ErrorKind::invalid_argument, "{}.index(x): x not in {}", self.type_name(),
        self.type_name());
}

struct CollectionMethodEntry {
  std::string_view name;
  CollectionMethod method;
};

constexpr CollectionMethodEntry kDictMethods[] = {
    {"items", dict_items}, {"keys", dict_keys}, {"values", dict_values},
    {"get", dict_get},     {"copy", copy},
};
constexpr CollectionMethodEntry kListMethods[] = {
    {"count", sequence_count}, {"index", sequence_index}, {"copy", copy}};
constexpr CollectionMethodEntry kTupleMethods[] = {{"count", sequence_count},
                                                   {"index", sequence_index}};

// What the immutable sandbox refuses to call (jinja2's _mutable_spec).
constexpr std::array<std::string_view, 5> kDictMutators = {"clear", "pop", "popitem", "setdefault",
                                                           "update"};
constexpr std::array<std::string_view, 8> kListMutators = {"append", "clear",  "extend",  "insert",
                                                           "pop",    "remove", "reverse", "sort"};

template <std::size_t N>
bool contains_name(const std::array<std::string_view, N>& names, std::string_view name) {
  for (const std::string_view candidate : names) {
    if (candidate == name) return true;
  }
  return false;
}

template <std::size_t N>
std::optional<Value> bind(const CollectionMethodEntry (&table)[N], const Value& receiver,
                          std::string_view name) {
  for (const CollectionMethodEntry& entry : table) {
    if (entry.name != name) continue;
    return native_function(
        fmt::format("<built-in method {} of {} object>", name, receiver.type_name()),
        [receiver, method = entry.method](Interpreter&, const Arguments& arguments) {
          return method(receiver, arguments);
        });
  }
  return std::nullopt;
}

}  // namespace

std::optional<Value> find_collection_method(const Value& receiver, std::string_view name) {
  const bool mutator = receiver.is_dict()    ? contains_name(kDictMutators, name)
                       : receiver.is_tuple() ? false
                                             : contains_name(kListMutators, name);
  if (mutator) {
    return Value::undefined(fmt::format("access to attribute '{}' of '{}' object is unsafe.", name,
                                        receiver.type_name()));
  }
  if (receiver.is_dict()) return bind(kDictMethods, receiver, name);
  if (receiver.is_tuple()) return bind(kTupleMethods, receiver, name);
  return bind(kListMethods, receiver, name);
}

}  // namespace hearth::chat::jinja
