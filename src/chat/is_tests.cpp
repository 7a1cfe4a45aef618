#include "is_tests.h"

#include <cmath>

#include "comparison.h"
#include "filters.h"
#include "hearth/util/error.h"
#include "interpreter.h"
#include "iteration.h"
#include "operators.h"
#include "python_text.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

// The one value a comparison test compares against.
Value other(const Arguments& arguments, std::string_view test) {
  return bind_arguments(test, arguments, {required_parameter("other")}).front();
}

bool test_defined(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("defined", arguments, {});
  return !value.is_undefined();
}

bool test_undefined(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("undefined", arguments, {});
  return value.is_undefined();
}

bool test_none(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("none", arguments, {});
  return value.is_none();
}

bool test_boolean(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("boolean", arguments, {});
  return value.is_boolean();
}

bool test_true(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("true", arguments, {});
  return value.is_boolean() && value.as_boolean();
}

bool test_false(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("false", arguments, {});
  return value.is_boolean() && !value.as_boolean();
}

bool test_integer(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("integer", arguments, {});
  return value.is_integer();
}

bool test_float(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("float", arguments, {});
  return value.is_floating();
}

// Python's bool is a number.
bool test_number(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("number", arguments, {});
  return value.is_number();
}

bool test_string(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("string", arguments, {});
  return value.is_string();
}

bool test_mapping(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("mapping", arguments, {});
  return value.is_dict();
}

// Strings are iterable, and so is an undefined value (it iterates as empty).
bool test_iterable(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("iterable", arguments, {});
  return is_iterable(value) || value.kind() == Value::Kind::loop;
}

// Whatever has a length and items: strings, lists, dicts and (as jinja2's
// Undefined defines both) undefined values.
bool test_sequence(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("sequence", arguments, {});
  return is_iterable(value) && value.kind() != Value::Kind::iterator;
}

// jinja2's Undefined defines __call__, so it counts as callable.
bool test_callable(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("callable", arguments, {});
  return value.is_callable() || value.is_undefined();
}

// value % divisor == remainder, with Python's % (a str formats instead).
bool has_remainder(Interpreter& interpreter, const Value& value, const Value& divisor,
                   std::int64_t remainder) {
  return python_equal(
      binary_operation(BinaryOperator::modulo, value, divisor, interpreter.budget()),
      Value::integer(remainder));
}

bool test_odd(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("odd", arguments, {});
  return has_remainder(interpreter, value, Value::integer(2), 1);
}

bool test_even(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("even", arguments, {});
  return has_remainder(interpreter, value, Value::integer(2), 0);
}

bool test_divisibleby(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return has_remainder(interpreter, value, other(arguments, "divisibleby"), 0);
}

bool test_equal(Interpreter&, const Value& value, const Arguments& arguments) {
  return python_equal(value, other(arguments, "eq"));
}

bool test_not_equal(Interpreter&, const Value& value, const Arguments& arguments) {
  return !python_equal(value, other(arguments, "ne"));
}

bool test_less(Interpreter&, const Value& value, const Arguments& arguments) {
  return python_less(value, other(arguments, "lt"));
}

bool test_less_equal(Interpreter&, const Value& value, const Arguments& arguments) {
  const Value that = other(arguments, "le");
  return python_less(value, that) || python_equal(value, that);
}

bool test_greater(Interpreter&, const Value& value, const Arguments& arguments) {
  return python_less(other(arguments, "gt"), value);
}

bool test_greater_equal(Interpreter&, const Value& value, const Arguments& arguments) {
  const Value that = other(arguments, "ge");
  return python_less(that, value) || python_equal(value, that);
}

bool test_in(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return contains(other(arguments, "in"), value, interpreter.budget());
}

// Python's `is`: the same object. None, True and False are singletons, and
// CPython shares small ints and equal short strings often enough that
// templates rely on it only for those.
bool test_sameas(Interpreter&, const Value& value, const Arguments& arguments) {
  const Value that = other(arguments, "sameas");
  if (value.kind() != that.kind()) return false;
  if (value.identity() != nullptr) return value.identity() == that.identity();
  return python_equal(value, that);
}

bool test_lower(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("lower", arguments, {});
  const std::string text = to_str(value, interpreter.budget().max_string_bytes());
  bool cased = false;
  for (std::size_t position = 0; position < text.size();) {
    const char32_t c = decode_utf8(text, position);
    if (is_uppercase(c)) return false;
    cased = cased || is_lowercase(c);
  }
  return cased;
}

bool test_upper(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("upper", arguments, {});
  const std::string text = to_str(value, interpreter.budget().max_string_bytes());
  bool cased = false;
  for (std::size_t position = 0; position < text.size();) {
    const char32_t c = decode_utf8(text, position);
    if (is_lowercase(c)) return false;
    cased = cased || is_uppercase(c);
  }
  return cased;
}

// Only markupsafe's Markup is escaped, and hearth has none.
bool test_escaped(Interpreter&, const Value&, const Arguments& arguments) {
  bind_arguments("escaped", arguments, {});
  return false;
}

bool test_filter(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("filter", arguments, {});
  return value.is_string() && find_filter(value.as_string()) != nullptr;
}

bool test_test(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("test", arguments, {});
  return value.is_string() && find_test(value.as_string()) != nullptr;
}

struct TestEntry {
  std::string_view name;
  TestFunction function;
};

constexpr TestEntry kTests[] = {
    {"!=", test_not_equal},
    {"<", test_less},
    {"<=", test_less_equal},
    {"==", test_equal},
    {">", test_greater},
    {">=", test_greater_equal},
    {"boolean", test_boolean},
    {"callable", test_callable},
    {"defined", test_defined},
    {"divisibleby", test_divisibleby},
    {"eq", test_equal},
    {"equalto", test_equal},
    {"escaped", test_escaped},
    {"even", test_even},
    {"false", test_false},
    {"filter", test_filter},
    {"float", test_float},
    {"ge", test_greater_equal},
    {"greaterthan", test_greater},
    {"gt", test_greater},
    {"in", test_in},
    {"integer", test_integer},
    {"iterable", test_iterable},
    {"le", test_less_equal},
    {"lessthan", test_less},
    {"lower", test_lower},
    {"lt", test_less},
    {"mapping", test_mapping},
    {"ne", test_not_equal},
    {"none", test_none},
    {"number", test_number},
    {"odd", test_odd},
    {"sameas", test_sameas},
    {"sequence", test_sequence},
    {"string", test_string},
    {"test", test_test},
    {"true", test_true},
    {"undefined", test_undefined},
    {"upper", test_upper},
};

}  // namespace

TestFunction find_test(std::string_view name) {
  for (const TestEntry& entry : kTests) {
    if (entry.name == name) return entry.function;
  }
  return nullptr;
}

}  // namespace hearth::chat::jinja
