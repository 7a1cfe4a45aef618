// The values a Jinja template computes with, modelled on the Python objects
// jinja2 would hold: None, bool, int, float, str, list/tuple, dict (ordered by
// insertion), jinja2's Undefined and Namespace, callables and the `loop`
// object.
//
// Lists and dicts are shared and immutable once built: the sandbox Hugging
// Face renders with forbids mutating them, so sharing is never observable.
// A namespace is the one mutable object ({% set ns.attr = ... %}), shared by
// reference exactly as in Python.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::chat::jinja {

class Interpreter;
class Value;
struct Arguments;
struct Array;
class Dict;
struct Namespace;
struct LoopState;
struct IteratorState;
class Callable;

// Lists and dicts cannot nest deeper than this: printing, serializing,
// comparing and freeing them recurses once per level, and no conversation
// needs more. Building a deeper one throws Error(resource_exhausted).
inline constexpr std::size_t kMaxNesting = 256;

class Value {
 public:
  enum class Kind : std::uint8_t {
    undefined,
    none,
    boolean,
    integer,
    floating,
    string,
    array,
    dict,
    namespace_object,
    callable,
    loop,
    // A one-pass iterator: what jinja2's map, select, unique, batch... and
    // reverse return. Always true, without a length, empty once consumed.
    iterator,
  };

  // Undefined, like a name the context does not have.
  Value() = default;
  // Undefined, with the message jinja2 gives when it is used ("'x' is undefined").
  static Value undefined(std::string hint);
  static Value none();
  static Value boolean(bool value);
  static Value integer(std::int64_t value);
  static Value floating(double value);
  static Value string(std::string value);
  static Value array(std::vector<Value> items);
  static Value tuple(std::vector<Value> items);
  static Value named_tuple(std::vector<Value> items, std::vector<std::string> field_names);
  static Value dict(Dict entries);
  static Value namespace_object(std::shared_ptr<Namespace> object);
  static Value callable(std::shared_ptr<const Callable> function);
  static Value loop(std::shared_ptr<LoopState> state);
  // `python_type` is what type() would name ("generator",
  // "list_reverseiterator"), `origin` the producing function, if any.
  static Value iterator(std::vector<Value> items, std::string python_type, std::string origin);

  Kind kind() const noexcept { return static_cast<Kind>(data_.index()); }
  bool is_undefined() const noexcept { return kind() == Kind::undefined; }
  bool is_none() const noexcept { return kind() == Kind::none; }
  bool is_boolean() const noexcept { return kind() == Kind::boolean; }
  bool is_integer() const noexcept { return kind() == Kind::integer; }
  bool is_floating() const noexcept { return kind() == Kind::floating; }
  bool is_string() const noexcept { return kind() == Kind::string; }
  bool is_array() const noexcept { return kind() == Kind::array; }
  bool is_dict() const noexcept { return kind() == Kind::dict; }
  bool is_namespace_object() const noexcept { return kind() == Kind::namespace_object; }
  bool is_callable() const noexcept { return kind() == Kind::callable; }
  // bool, int or float: Python's bool is an int.
  bool is_number() const noexcept;
  // Python's isinstance(x, int): an int or a bool.
  bool is_integral() const noexcept { return is_integer() || is_boolean(); }
  bool is_tuple() const noexcept;

  bool as_boolean() const { return std::get<bool>(data_); }
  std::int64_t as_integer() const { return std::get<std::int64_t>(data_); }
  double as_floating() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Array& as_array() const { return *std::get<std::shared_ptr<const Array>>(data_); }
  const Dict& as_dict() const { return *std::get<std::shared_ptr<const Dict>>(data_); }
  Namespace& as_namespace() const { return *std::get<std::shared_ptr<Namespace>>(data_); }
  const Callable& as_callable() const { return *std::get<std::shared_ptr<const Callable>>(data_); }
  LoopState& as_loop() const { return *std::get<std::shared_ptr<LoopState>>(data_); }
  IteratorState& as_iterator() const { return *std::get<std::shared_ptr<IteratorState>>(data_); }

  // An int or bool as int (True is 1), for arithmetic.
  std::int64_t integral_value() const;
  // Any number as float.
  double numeric_value() const;

  // Python's bool(x).
  bool truthy() const;
  // Python's type name, for error messages: 'str', 'int', 'NoneType'...
  std::string_view type_name() const noexcept;

  // How deep lists and dicts nest in this value: 0 for anything else.
  std::size_t nesting() const noexcept;

  // Objects with identity (namespaces, callables, loops, containers) compare
  // by it for Jinja's `sameas` test.
  const void* identity() const noexcept;

  // Throws the error jinja2 raises when an undefined value is used.
  [[noreturn]] void raise_undefined() const;

 private:
  struct Undefined {
    std::string hint;
  };
  using Data = std::variant<Undefined, std::nullptr_t, bool, std::int64_t, double, std::string,
                            std::shared_ptr<const Array>, std::shared_ptr<const Dict>,
                            std::shared_ptr<Namespace>, std::shared_ptr<const Callable>,
                            std::shared_ptr<LoopState>, std::shared_ptr<IteratorState>>;

  // Built in place: GCC 12 reports a moved-from temporary variant as maybe
  // uninitialized under the sanitizers.
  template <typename T, typename... Args>
  static Value make(Args&&... args) {
    return Value(std::in_place_type<T>, std::forward<Args>(args)...);
  }
  template <typename T, typename... Args>
  explicit Value(std::in_place_type_t<T> type, Args&&... args)
      : data_(type, std::forward<Args>(args)...) {}

  Data data_;
};

struct Array {
  std::vector<Value> items;
  bool is_tuple = false;
  std::size_t nesting = 1;  // set by Value::array and Value::tuple
  // A named tuple's field names, which are also attributes (groupby's
  // (grouper, list)); empty for other tuples and lists.
  std::vector<std::string> field_names;
};

// A dict with string keys that keeps insertion order, as Python's does.
class Dict {
 public:
  using Entry = std::pair<std::string, Value>;

  const Value* find(std::string_view key) const;
  // Replaces the value of an existing key in place, keeping its position.
  void insert_or_assign(std::string key, Value value);

  const std::vector<Entry>& entries() const noexcept { return entries_; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  std::size_t nesting() const noexcept { return nesting_; }

 private:
  friend class Value;

  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>> index_;
  std::size_t nesting_ = 1;  // set by Value::dict
};

// jinja2's namespace(): attributes a template may assign from any scope.
struct Namespace {
  Dict attributes;
};

// What `loop` exposes inside a for loop.
struct LoopState {
  std::shared_ptr<const Array> items;
  std::size_t index0 = 0;
  // The arguments of the last loop.changed() call; undefined before one.
  Value last_changed;
};

// What an iterator value holds.
struct IteratorState {
  std::vector<Value> items;
  std::size_t position = 0;  // the items before it are consumed
  std::string python_type;
  std::string origin;
  // Python's generators fail only when consumed: the error computing the
  // items hit, thrown then.
  std::optional<Error> deferred_error;
};

// A function a template can call: a macro, a global, a bound method.
class Callable {
 public:
  virtual ~Callable() = default;
  virtual Value call(Interpreter& interpreter, Arguments arguments) const = 0;
  // What printing it shows, e.g. "<Macro 'greet'>".
  virtual std::string description() const = 0;
};

}  // namespace hearth::chat::jinja
