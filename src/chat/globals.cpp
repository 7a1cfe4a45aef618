#include "globals.h"

#include <fmt/format.h>

#include "hearth/util/error.h"
#include "interpreter.h"
#include "iteration.h"
#include "native_function.h"
#include "python_text.h"
#include "strftime.h"

namespace hearth::chat::jinja {
namespace {

// jinja2's sandbox refuses ranges longer than this (MAX_RANGE).
constexpr std::int64_t kMaxRange = 100000;

std::int64_t integer_argument(const Value& value) {
  if (!value.is_integral()) {
    raise(ErrorKind::invalid_argument, "'{}' object cannot be interpreted as an integer",
          value.type_name());
  }
  return value.integral_value();
}

Value range(Interpreter&, const Arguments& arguments) {
  if (!arguments.keywords.empty())
    raise(ErrorKind::invalid_argument, "range() takes no keyword arguments");
  const auto& given = arguments.positional;
  if (given.empty() || given.size() > 3) {
    raise(ErrorKind::invalid_argument, "range expected at most 3 arguments, got {}", given.size());
  }
  std::int64_t start = 0;
  std::int64_t stop = 0;
  std::int64_t step = 1;
  if (given.size() == 1) {
    stop = integer_argument(given[0]);
  } else {
    start = integer_argument(given[0]);
    stop = integer_argument(given[1]);
    if (given.size() == 3) step = integer_argument(given[2]);
  }
  if (step == 0) raise(ErrorKind::invalid_argument, "range() arg 3 must not be zero");
  // Lengths are computed in long double so that extreme bounds cannot overflow.
  const long double span = static_cast<long double>(stop) - static_cast<long double>(start);
  const long double length = span / step > 0 ? std::ceil(span / step) : 0;
  if (length > kMaxRange) {
    raise(ErrorKind::invalid_argument,
          "Range too big. The sandbox blocks ranges larger than MAX_RANGE ({}).", kMaxRange);
  }
  std::vector<Value> items;
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(length); ++i) {
    items.push_back(Value::integer(start + i * step));
  }
  return Value::array(std::move(items));
}

// dict(mapping or pairs, **keywords), which namespace() shares.
Dict dict_from_arguments(Interpreter& interpreter, const Arguments& arguments,
                         std::string_view function) {
  if (arguments.positional.size() > 1) {
    raise(ErrorKind::invalid_argument, "{} expected at most 1 argument, got {}", function,
          arguments.positional.size());
  }
  Dict entries;
  if (!arguments.positional.empty()) {
    const Value& source = arguments.positional.front();
    if (source.is_dict()) {
      entries = source.as_dict();
    } else {
      for (const Value& pair : iterate(source, interpreter.budget())) {
        std::vector<Value> parts = iterate(pair, interpreter.budget());
        if (parts.size() != 2) {
          raise(ErrorKind::invalid_argument,
                "dictionary update sequence element has length {}; 2 is required", parts.size());
        }
        if (!parts[0].is_string()) {
          raise(ErrorKind::unsupported, "dict keys other than strings are not supported");
        }
        entries.insert_or_assign(parts[0].as_string(), parts[1]);
      }
    }
  }
  for (const auto& [name, value] : arguments.keywords) entries.insert_or_assign(name, value);
  return entries;
}

Value dict(Interpreter& interpreter, const Arguments& arguments) {
  return Value::dict(dict_from_arguments(interpreter, arguments, "dict"));
}

Value namespace_object(Interpreter& interpreter, const Arguments& arguments) {
  auto object = std::make_shared<Namespace>();
  object->attributes = dict_from_arguments(interpreter, arguments, "namespace");
  interpreter.adopt_namespace(object);
  return Value::namespace_object(std::move(object));
}

// joiner(sep): a function that returns "" the first time and sep after.
Value joiner(Interpreter&, const Arguments& arguments) {
  const auto bound =
      bind_arguments("joiner", arguments, {optional_parameter("sep", Value::string(", "))});
  auto used = std::make_shared<bool>(false);
  return native_function("<jinja2.utils.Joiner>",
                         [used, separator = bound[0]](Interpreter&, const Arguments& call) {
                           bind_arguments("joiner", call, {});
                           if (!*used) {
                             *used = true;
                             return Value::string("");
                           }
                           return separator;
                         });
}

Value raise_exception(Interpreter& interpreter, const Arguments& arguments) {
  const auto bound = bind_arguments("raise_exception", arguments, {required_parameter("message")});
  raise(ErrorKind::invalid_argument, "{}",
        to_str(bound[0], interpreter.budget().max_string_bytes()));
}

Value strftime_now(Interpreter& interpreter, const Arguments& arguments) {
  const auto bound = bind_arguments("strftime_now", arguments, {required_parameter("format")});
  if (!bound[0].is_string()) {
    raise(ErrorKind::invalid_argument, "strftime() argument 1 must be str, not {}",
          bound[0].type_name());
  }
  const LocalClock& clock = interpreter.options().clock;
  return Value::string(
      python_strftime(bound[0].as_string(), clock ? clock() : system_local_time()));
}

}  // namespace

void install_globals(Scope& scope) {
  scope.set("range", native_function("<class 'range'>", range));
  scope.set("dict", native_function("<class 'dict'>", dict));
  scope.set("namespace", native_function("<class 'jinja2.utils.Namespace'>", namespace_object));
  scope.set("joiner", native_function("<class 'jinja2.utils.Joiner'>", joiner));
  scope.set("raise_exception", native_function("<function raise_exception>", raise_exception));
  scope.set("strftime_now", native_function("<function strftime_now>", strftime_now));
}

}  // namespace hearth::chat::jinja
