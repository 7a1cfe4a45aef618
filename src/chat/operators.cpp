#include "operators.h"

#include <cmath>
#include <limits>

#include "comparison.h"
#include "hearth/util/error.h"
#include "python_text.h"
#include "string_formatting.h"

namespace hearth::chat::jinja {
namespace {

std::string_view symbol(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::add:
      return "+";
    case BinaryOperator::subtract:
      return "-";
    case BinaryOperator::multiply:
      return "*";
    case BinaryOperator::divide:
      return "/";
    case BinaryOperator::floor_divide:
      return "//";
    case BinaryOperator::modulo:
      return "%";
    case BinaryOperator::power:
      return "**";
    case BinaryOperator::concat:
      return "~";
  }
  return "?";
}

[[noreturn]] void raise_operand_types(BinaryOperator op, const Value& left, const Value& right) {
  raise(ErrorKind::invalid_argument, "unsupported operand type(s) for {}: '{}' and '{}'",
        symbol(op), left.type_name(), right.type_name());
}

[[noreturn]] void raise_overflow() {
  raise(ErrorKind::unsupported, "integer result does not fit in 64 bits");
}

template <typename Operation>
std::int64_t checked(Operation operation, std::int64_t a, std::int64_t b) {
  std::int64_t result = 0;
  if (operation(a, b, &result)) raise_overflow();
  return result;
}

bool add_overflows(std::int64_t a, std::int64_t b, std::int64_t* result) {
  return __builtin_add_overflow(a, b, result);
}
bool subtract_overflows(std::int64_t a, std::int64_t b, std::int64_t* result) {
  return __builtin_sub_overflow(a, b, result);
}
bool multiply_overflows(std::int64_t a, std::int64_t b, std::int64_t* result) {
  return __builtin_mul_overflow(a, b, result);
}

// Python's divmod for floats: the remainder takes the divisor's sign.
std::pair<double, double> float_divmod(double dividend, double divisor) {
  double remainder = std::fmod(dividend, divisor);
  double quotient = (dividend - remainder) / divisor;
  if (remainder != 0.0) {
    if ((divisor < 0) != (remainder < 0)) {
      remainder += divisor;
      quotient -= 1.0;
    }
  } else {
    remainder = std::copysign(0.0, divisor);
  }
  double floor_quotient = 0.0;
  if (quotient != 0.0) {
    floor_quotient = std::floor(quotient);
    if (quotient - floor_quotient > 0.5) floor_quotient += 1.0;
  } else {
    floor_quotient = std::copysign(0.0, dividend / divisor);
  }
  return {floor_quotient, remainder};
}

Value integer_power(std::int64_t base, std::int64_t exponent) {
  if (exponent < 0) {
    if (base == 0) {
      raise(ErrorKind::invalid_argument, "0.0 cannot be raised to a negative power");
    }
    return Value::floating(std::pow(static_cast<double>(base), static_cast<double>(exponent)));
  }
  std::int64_t result = 1;
  std::int64_t factor = base;
  while (exponent > 0) {
    if (exponent & 1) result = checked(multiply_overflows, result, factor);
    exponent >>= 1;
    if (exponent > 0) factor = checked(multiply_overflows, factor, factor);
  }
  return Value::integer(result);
}

Value float_power(double base, double exponent) {
  if (base == 0.0 && exponent < 0) {
    raise(ErrorKind::invalid_argument, "0.0 cannot be raised to a negative power");
  }
  if (base < 0 && std::isfinite(exponent) && exponent != std::trunc(exponent)) {
    raise(ErrorKind::unsupported, "a negative number raised to a fractional power is complex");
  }
  const double result = std::pow(base, exponent);
  if (std::isinf(result) && std::isfinite(base) && std::isfinite(exponent)) {
    raise(ErrorKind::invalid_argument,
          "float power overflows: (34, 'Numerical result out of range')");
  }
  return Value::floating(result);
}

Value arithmetic(BinaryOperator op, const Value& left, const Value& right) {
  if (left.is_integral() && right.is_integral()) {
    const std::int64_t a = left.integral_value();
    const std::int64_t b = right.integral_value();
    switch (op) {
      case BinaryOperator::add:
        return Value::integer(checked(add_overflows, a, b));
      case BinaryOperator::subtract:
        return Value::integer(checked(subtract_overflows, a, b));
      case BinaryOperator::multiply:
        return Value::integer(checked(multiply_overflows, a, b));
      case BinaryOperator::floor_divide:
      case BinaryOperator::modulo: {
        if (b == 0) raise(ErrorKind::invalid_argument, "integer division or modulo by zero");
        if (a == std::numeric_limits<std::int64_t>::min() && b == -1) {
          if (op == BinaryOperator::modulo) return Value::integer(0);
          raise_overflow();
        }
        std::int64_t quotient = a / b;
        std::int64_t remainder = a % b;
        if (remainder != 0 && ((remainder < 0) != (b < 0))) {
          --quotient;
          remainder += b;
        }
        return Value::integer(op == BinaryOperator::floor_divide ? quotient : remainder);
      }
      case BinaryOperator::power:
        return integer_power(a, b);
      default:
        break;
    }
  }
  const double a = left.numeric_value();
  const double b = right.numeric_value();
  switch (op) {
    case BinaryOperator::add:
      return Value::floating(a + b);
    case BinaryOperator::subtract:
      return Value::floating(a - b);
    case BinaryOperator::multiply:
      return Value::floating(a * b);
    case BinaryOperator::divide:
      if (b == 0.0) raise(ErrorKind::invalid_argument, "division by zero");
      if (left.is_integral() && right.is_integral()) {
        // Python divides ints exactly and rounds once.
        return Value::floating(
            static_cast<double>(static_cast<long double>(left.integral_value()) /
                                static_cast<long double>(right.integral_value())));
      }
      return Value::floating(a / b);
    case BinaryOperator::floor_divide:
      if (b == 0.0) raise(ErrorKind::invalid_argument, "float floor division by zero");
      return Value::floating(float_divmod(a, b).first);
    case BinaryOperator::modulo:
      if (b == 0.0) raise(ErrorKind::invalid_argument, "float modulo");
      return Value::floating(float_divmod(a, b).second);
    case BinaryOperator::power:
      return float_power(a, b);
    default:
      raise_operand_types(op, left, right);
  }
}

// a * b, or the largest size_t when that overflows: always over a limit.
std::size_t saturating_product(std::size_t a, std::size_t b) {
  std::size_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::size_t>::max() : product;
}

Value repeat(const Value& sequence, std::int64_t count, RenderBudget& budget) {
  const std::size_t times = count > 0 ? static_cast<std::size_t>(count) : 0;
  if (sequence.is_string()) {
    const std::string& text = sequence.as_string();
    budget.check_string(saturating_product(text.size(), times));
    std::string out;
    out.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += text;
    return Value::string(std::move(out));
  }
  const Array& array = sequence.as_array();
  budget.check_items(saturating_product(array.items.size(), times));
  std::vector<Value> items;
  items.reserve(array.items.size() * times);
  for (std::size_t i = 0; i < times; ++i)
    items.insert(items.end(), array.items.begin(), array.items.end());
  return array.is_tuple ? Value::tuple(std::move(items)) : Value::array(std::move(items));
}

Value add(const Value& left, const Value& right, RenderBudget& budget) {
  if (left.is_number() && right.is_number()) return arithmetic(BinaryOperator::add, left, right);
  if (left.is_string()) {
    if (!right.is_string()) {
      raise(ErrorKind::invalid_argument, "can only concatenate str (not \"{}\") to str",
            right.type_name());
    }
    budget.check_string(left.as_string().size() + right.as_string().size());
    return Value::string(left.as_string() + right.as_string());
  }
  if (left.is_array()) {
    if (!right.is_array() || left.is_tuple() != right.is_tuple()) {
      raise(ErrorKind::invalid_argument, "can only concatenate {} (not \"{}\") to {}",
            left.type_name(), right.type_name(), left.type_name());
    }
    const auto& a = left.as_array().items;
    const auto& b = right.as_array().items;
    budget.check_items(a.size() + b.size());
    std::vector<Value> items;
    items.reserve(a.size() + b.size());
    items.insert(items.end(), a.begin(), a.end());
    items.insert(items.end(), b.begin(), b.end());
    return left.is_tuple() ? Value::tuple(std::move(items)) : Value::array(std::move(items));
  }
  raise_operand_types(BinaryOperator::add, left, right);
}

}  // namespace

Value binary_operation(BinaryOperator op, const Value& left, const Value& right,
                       RenderBudget& budget) {
  if (op == BinaryOperator::concat) {
    const std::size_t limit = budget.limits().max_output_bytes;
    std::string text = to_str(left, limit);
    append_str(text, right, limit);
    budget.check_string(text.size());
    return Value::string(std::move(text));
  }
  // str % x is str's own method, which takes even an undefined x.
  if (op == BinaryOperator::modulo && left.is_string()) {
    return Value::string(percent_format(left.as_string(), right, budget));
  }
  if (left.is_undefined()) left.raise_undefined();
  if (right.is_undefined()) right.raise_undefined();
  switch (op) {
    case BinaryOperator::add:
      return add(left, right, budget);
    case BinaryOperator::multiply:
      if ((left.is_string() || left.is_array()) && right.is_integral()) {
        return repeat(left, right.integral_value(), budget);
      }
      if (left.is_integral() && (right.is_string() || right.is_array())) {
        return repeat(right, left.integral_value(), budget);
      }
      break;
    default:
      break;
  }
  if (!left.is_number() || !right.is_number()) raise_operand_types(op, left, right);
  return arithmetic(op, left, right);
}

Value unary_operation(UnaryOperator op, const Value& operand) {
  if (op == UnaryOperator::logical_not) return Value::boolean(!operand.truthy());
  if (operand.is_undefined()) operand.raise_undefined();
  if (!operand.is_number()) {
    raise(ErrorKind::invalid_argument, "bad operand type for unary {}: '{}'",
          op == UnaryOperator::negate ? "-" : "+", operand.type_name());
  }
  if (operand.is_floating()) {
    return Value::floating(op == UnaryOperator::negate ? -operand.as_floating()
                                                       : operand.as_floating());
  }
  const std::int64_t value = operand.integral_value();
  if (op == UnaryOperator::plus) return Value::integer(value);
  if (value == std::numeric_limits<std::int64_t>::min()) raise_overflow();
  return Value::integer(-value);
}

bool contains(const Value& container, const Value& item, RenderBudget& budget) {
  switch (container.kind()) {
    case Value::Kind::undefined:
      return false;
    case Value::Kind::string:
      if (!item.is_string()) {
        raise(ErrorKind::invalid_argument, "'in <string>' requires string as left operand, not {}",
              item.type_name());
      }
      budget.charge_work(container.as_string().size());
      return container.as_string().find(item.as_string()) != std::string::npos;
    case Value::Kind::array: {
      const auto& items = container.as_array().items;
      budget.charge_work(items.size());
      for (const Value& candidate : items) {
        if (python_equal(candidate, item)) return true;
      }
      return false;
    }
    case Value::Kind::dict:
      hash_key(item);  // raises for an unhashable item, as Python does
      return item.is_string() && container.as_dict().find(item.as_string()) != nullptr;
    case Value::Kind::iterator: {
      // Consumes the iterator up to and including the match, as Python does.
      IteratorState& iterator = container.as_iterator();
      if (iterator.deferred_error) throw *iterator.deferred_error;
      budget.charge_work(iterator.items.size() - iterator.position);
      while (iterator.position < iterator.items.size()) {
        if (python_equal(iterator.items[iterator.position++], item)) return true;
      }
      return false;
    }
    default:
      raise(ErrorKind::invalid_argument, "argument of type '{}' is not iterable",
            container.type_name());
  }
}

}  // namespace hearth::chat::jinja
