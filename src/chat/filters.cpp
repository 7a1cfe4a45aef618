#include "filters.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "comparison.h"
#include "hearth/util/error.h"
#include "interpreter.h"
#include "iteration.h"
#include "json_dumps.h"
#include "lookup.h"
#include "methods.h"
#include "number_parsing.h"
#include "operators.h"
#include "python_text.h"
#include "string_formatting.h"
#include "string_operations.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

// ----- helpers ------------------------------------------------------------

// str(value), refused past the string limit before it is built.
std::string text_of(Interpreter& interpreter, const Value& value) {
  return to_str(value, interpreter.budget().max_string_bytes());
}

std::int64_t integer_argument(const Value& value, std::string_view filter) {
  if (!value.is_integral()) {
    raise(ErrorKind::invalid_argument, "{}: '{}' object cannot be interpreted as an integer",
          filter, value.type_name());
  }
  return value.integral_value();
}

// jinja2's make_attrgetter: "a.b.0" looks up a, then b, then item 0, each
// as item first and attribute second.
Value lookup_path(const Value& item, const Value& attribute) {
  if (!attribute.is_string()) return get_item(item, attribute);
  Value value = item;
  const std::string& path = attribute.as_string();
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const bool numeric = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
    value = get_item(value, numeric ? Value::integer(std::stoll(part)) : Value::string(part));
    if (dot == std::string::npos) return value;
    start = dot + 1;
  }
}

// jinja2's ignore_case: strings compare lower-cased unless case_sensitive.
Value fold_case(Value value, bool case_sensitive) {
  if (case_sensitive || !value.is_string()) return value;
  return Value::string(to_lower(value.as_string()));
}

// The key a sort, unique, min or max compares: the item, or its attribute
// ("a,b" for several, compared as a list), case-folded unless asked not to.
Value sort_key(const Value& item, const Value& attribute, bool case_sensitive) {
  if (attribute.is_none()) return fold_case(item, case_sensitive);
  if (attribute.is_string() && attribute.as_string().find(',') != std::string::npos) {
    std::vector<Value> keys;
    const std::string& names = attribute.as_string();
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = names.find(',', start);
      const std::string name =
          names.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      keys.push_back(fold_case(lookup_path(item, Value::string(name)), case_sensitive));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return Value::array(std::move(keys));
  }
  return fold_case(lookup_path(item, attribute), case_sensitive);
}

std::vector<std::size_t> sorted_order(const std::vector<Value>& keys, bool reverse) {
  std::vector<std::size_t> order(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return reverse ? python_less(keys[b], keys[a]) : python_less(keys[a], keys[b]);
  });
  return order;
}

Value string_value(std::string text, Interpreter& interpreter) {
  interpreter.budget().check_string(text.size());
  return Value::string(std::move(text));
}

// A generator filter as jinja2 has it: its items computed now, but a
// failure (the input is not iterable...) raised only when they are consumed.
template <typename ComputeItems>
Value generator(const char* origin, ComputeItems compute_items) {
  try {
    return Value::iterator(compute_items(), "generator", origin);
  } catch (const Error& error) {
    Value failed = Value::iterator({}, "generator", origin);
    failed.as_iterator().deferred_error = error;
    return failed;
  }
}

// ----- filters --------------------------------------------------------------

Value filter_abs(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("abs", arguments, {});
  if (value.is_floating()) return Value::floating(std::fabs(value.as_floating()));
  if (value.is_integral()) {
    const std::int64_t integer = value.integral_value();
    if (integer == std::numeric_limits<std::int64_t>::min()) {
      raise(ErrorKind::unsupported, "integer result does not fit in 64 bits");
    }
    return Value::integer(integer < 0 ? -integer : integer);
  }
  raise(ErrorKind::invalid_argument, "bad operand type for abs(): '{}'", value.type_name());
}

Value filter_attr(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("attr", arguments, {required_parameter("name")});
  const std::string name = text_of(interpreter, bound[0]);
  if (value.is_undefined()) value.raise_undefined();
  // Only attributes, never items: what Python's getattr() finds.
  if (value.is_namespace_object()) {
    if (const Value* found = value.as_namespace().attributes.find(name)) return *found;
  } else if (value.kind() == Value::Kind::loop) {
    return get_attribute(value, name);
  } else if (auto method = find_method(value, name)) {
    return *method;
  }
  return Value::undefined(
      fmt::format("'{} object' has no attribute '{}'", value.type_name(), name));
}

Value filter_batch(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments(
      "batch", arguments,
      {required_parameter("linecount"), optional_parameter("fill_with", Value::none())});
  return generator("do_batch", [&] {
    const std::int64_t size = integer_argument(bound[0], "batch");
    if (size <= 0) raise(ErrorKind::invalid_argument, "batch: linecount must be positive");
    std::vector<Value> batches;
    std::vector<Value> current;
    for (Value& item : iterate(value, interpreter.budget())) {
      current.push_back(std::move(item));
      if (static_cast<std::int64_t>(current.size()) == size) {
        batches.push_back(Value::array(std::move(current)));
        current.clear();
      }
    }
    if (!current.empty()) {
      if (!bound[1].is_none()) {
        while (static_cast<std::int64_t>(current.size()) < size) current.push_back(bound[1]);
      }
      batches.push_back(Value::array(std::move(current)));
    }
    return batches;
  });
}

Value filter_capitalize(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("capitalize", arguments, {});
  return Value::string(python_capitalize(text_of(interpreter, value)));
}

Value filter_center(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound =
      bind_arguments("center", arguments, {optional_parameter("width", Value::integer(80))});
  Arguments method_arguments;
  method_arguments.positional.push_back(bound[0]);
  return interpreter.call(*find_method(Value::string(text_of(interpreter, value)), "center"),
                          method_arguments);
}

Value filter_default(Interpreter&, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("default", arguments,
                                    {optional_parameter("default_value", Value::string("")),
                                     optional_parameter("boolean", Value::boolean(false))});
  if (value.is_undefined() || (bound[1].truthy() && !value.truthy())) return bound[0];
  return value;
}

Value filter_dictsort(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("dictsort", arguments,
                                    {optional_parameter("case_sensitive", Value::boolean(false)),
                                     optional_parameter("by", Value::string("key")),
                                     optional_parameter("reverse", Value::boolean(false))});
  if (!value.is_dict()) {
    raise(ErrorKind::invalid_argument, "'{}' object has no attribute 'items'", value.type_name());
  }
  const std::string by = text_of(interpreter, bound[1]);
  if (by != "key" && by != "value") {
    raise(ErrorKind::invalid_argument, "You can only sort by either \"key\" or \"value\"");
  }
  std::vector<Value> pairs;
  std::vector<Value> keys;
  for (const auto& [key, item] : value.as_dict().entries()) {
    pairs.push_back(Value::tuple({Value::string(key), item}));
    keys.push_back(fold_case(by == "key" ? Value::string(key) : item, bound[0].truthy()));
  }
  interpreter.budget().charge_work(pairs.size());
  std::vector<Value> sorted;
  for (const std::size_t i : sorted_order(keys, bound[2].truthy())) sorted.push_back(pairs[i]);
  return Value::array(std::move(sorted));
}

Value filter_escape(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("escape", arguments, {});
  std::string out;
  for (const char c : text_of(interpreter, value)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return string_value(std::move(out), interpreter);
}

Value filter_first(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("first", arguments, {});
  if (value.kind() == Value::Kind::iterator) {
    IteratorState& iterator = value.as_iterator();
    if (iterator.deferred_error) throw *iterator.deferred_error;
    if (iterator.position < iterator.items.size()) return iterator.items[iterator.position++];
  } else if (value.is_array()) {
    const auto& items = value.as_array().items;
    if (!items.empty()) return items.front();
  } else {
    std::vector<Value> items = iterate(value, interpreter.budget());
    if (!items.empty()) return items.front();
  }
  return Value::undefined("No first item, sequence was empty.");
}

Value filter_last(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("last", arguments, {});
  if (!is_iterable(value) || value.kind() == Value::Kind::iterator) {
    raise(ErrorKind::invalid_argument, "'{}' object is not reversible", value.type_name());
  }
  if (value.is_array()) {
    const auto& items = value.as_array().items;
    if (!items.empty()) return items.back();
  } else {
    std::vector<Value> items = iterate(value, interpreter.budget());
    if (!items.empty()) return items.back();
  }
  return Value::undefined("No last item, sequence was empty.");
}

Value filter_float(Interpreter&, const Value& value, const Arguments& arguments) {
  const auto bound =
      bind_arguments("float", arguments, {optional_parameter("default", Value::floating(0.0))});
  if (value.is_undefined()) value.raise_undefined();
  if (value.is_number()) return Value::floating(value.numeric_value());
  if (value.is_string()) {
    if (const auto parsed = parse_python_float(value.as_string())) return Value::floating(*parsed);
  }
  return bound[0];
}

Value filter_format(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  if (!arguments.positional.empty() && !arguments.keywords.empty()) {
    raise(ErrorKind::invalid_argument,
          "can't handle positional and keyword arguments at the same time");
  }
  Value format_arguments;
  if (!arguments.keywords.empty()) {
    Dict named;
    for (const auto& [name, item] : arguments.keywords) named.insert_or_assign(name, item);
    format_arguments = Value::dict(std::move(named));
  } else {
    format_arguments = Value::tuple(arguments.positional);
  }
  return Value::string(
      percent_format(text_of(interpreter, value), format_arguments, interpreter.budget()));
}

// Items grouped by an attribute, sorted by it, as (grouper, list) named
// tuples. Unless case_sensitive, strings group case-insensitively and the
// grouper is the first item's own value.
Value filter_groupby(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound =
      bind_arguments("groupby", arguments,
                     {required_parameter("attribute"), optional_parameter("default", Value::none()),
                      optional_parameter("case_sensitive", Value::boolean(false))});
  const bool case_sensitive = bound[2].truthy();
  const auto attribute_of = [&](const Value& item) {
    Value found = lookup_path(item, bound[0]);
    if (found.is_undefined() && !bound[1].is_none()) found = bound[1];
    return found;
  };
  const std::vector<Value> items = iterate(value, interpreter.budget());
  std::vector<Value> keys;
  keys.reserve(items.size());
  for (const Value& item : items) keys.push_back(fold_case(attribute_of(item), case_sensitive));
  std::vector<Value> groups;
  std::vector<Value> members;
  const Value* group_key = nullptr;
  const auto close_group = [&] {
    if (members.empty()) return;
    Value grouper = case_sensitive ? *group_key : attribute_of(members.front());
    groups.push_back(Value::named_tuple({std::move(grouper), Value::array(std::move(members))},
                                        {"grouper", "list"}));
    members.clear();
  };
  for (const std::size_t i : sorted_order(keys, false)) {
    if (group_key == nullptr || !python_equal(*group_key, keys[i])) {
      close_group();
      group_key = &keys[i];
    }
    members.push_back(items[i]);
  }
  close_group();
  return Value::array(std::move(groups));
}

Value filter_indent(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("indent", arguments,
                                    {optional_parameter("width", Value::integer(4)),
                                     optional_parameter("first", Value::boolean(false)),
                                     optional_parameter("blank", Value::boolean(false))});
  if (value.is_undefined()) value.raise_undefined();
  if (!value.is_string()) {
    raise(ErrorKind::invalid_argument, "unsupported operand type(s) for +=: '{}' and 'str'",
          value.type_name());
  }
  std::string indentation;
  if (bound[0].is_string()) {
    indentation = bound[0].as_string();
  } else {
    const std::int64_t width = integer_argument(bound[0], "indent");
    interpreter.budget().check_string(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)));
    indentation.assign(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)), ' ');
  }
  const std::vector<std::string> lines = python_splitlines(value.as_string() + "\n", false);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    if (i > 0 && (bound[2].truthy() || !lines[i].empty())) out += indentation;
    out += lines[i];
    interpreter.budget().check_string(out.size());
  }
  if (bound[1].truthy()) out.insert(0, indentation);
  return string_value(std::move(out), interpreter);
}

Value filter_int(Interpreter&, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("int", arguments,
                                    {optional_parameter("default", Value::integer(0)),
                                     optional_parameter("base", Value::integer(10))});
  if (value.is_undefined()) value.raise_undefined();
  if (value.is_integral()) return Value::integer(value.integral_value());
  double number = 0;
  if (value.is_floating()) {
    number = value.as_floating();
  } else if (value.is_string()) {
    const std::int64_t base = integer_argument(bound[1], "int");
    if (base < 2 || base > 36)
      raise(ErrorKind::invalid_argument, "int() base must be >= 2 and <= 36");
    if (const auto parsed = parse_python_int(value.as_string(), static_cast<int>(base))) {
      return Value::integer(*parsed);
    }
    // jinja2 then tries int(float(value)), so "42.23" gives 42.
    const auto parsed = parse_python_float(value.as_string());
    if (!parsed) return bound[0];
    number = *parsed;
  } else {
    return bound[0];
  }
  if (std::isnan(number)) return bound[0];
  if (std::isinf(number))
    raise(ErrorKind::invalid_argument, "cannot convert float infinity to integer");
  const double truncated = std::trunc(number);
  if (std::fabs(truncated) >= 9.2e18)
    raise(ErrorKind::unsupported, "integer result does not fit in 64 bits");
  return Value::integer(static_cast<std::int64_t>(truncated));
}

Value filter_items(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("items", arguments, {});
  return generator("do_items", [&] {
    std::vector<Value> pairs;
    if (value.is_undefined()) return pairs;
    if (!value.is_dict()) {
      raise(ErrorKind::invalid_argument, "Can only get item pairs from a mapping.");
    }
    for (const auto& [key, item] : value.as_dict().entries()) {
      pairs.push_back(Value::tuple({Value::string(key), item}));
    }
    return pairs;
  });
}

Value filter_join(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments(
      "join", arguments,
      {optional_parameter("d", Value::string("")), optional_parameter("attribute", Value::none())});
  const std::string separator = text_of(interpreter, bound[0]);
  std::string out;
  bool first = true;
  for (const Value& item : iterate(value, interpreter.budget())) {
    if (!first) out += separator;
    first = false;
    append_str(out, bound[1].is_none() ? item : lookup_path(item, bound[1]),
               interpreter.budget().max_string_bytes());
    interpreter.budget().check_string(out.size());
  }
  return string_value(std::move(out), interpreter);
}

Value filter_length(Interpreter&, const Value& value, const Arguments& arguments) {
  bind_arguments("length", arguments, {});
  switch (value.kind()) {
    case Value::Kind::undefined:
      return Value::integer(0);
    case Value::Kind::string:
      return Value::integer(static_cast<std::int64_t>(code_point_count(value.as_string())));
    case Value::Kind::array:
      return Value::integer(static_cast<std::int64_t>(value.as_array().items.size()));
    case Value::Kind::dict:
      return Value::integer(static_cast<std::int64_t>(value.as_dict().size()));
    case Value::Kind::loop:
      return Value::integer(static_cast<std::int64_t>(value.as_loop().items->items.size()));
    default:
      raise(ErrorKind::invalid_argument, "object of type '{}' has no len()", value.type_name());
  }
}

Value filter_list(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("list", arguments, {});
  if (value.is_array() && !value.is_tuple()) return value;
  return Value::array(iterate(value, interpreter.budget()));
}

Value filter_lower(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("lower", arguments, {});
  return Value::string(to_lower(text_of(interpreter, value)));
}

Value filter_upper(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("upper", arguments, {});
  return Value::string(to_upper(text_of(interpreter, value)));
}

Value filter_map(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return generator("sync_do_map", [&] {
    std::vector<Value> mapped;
    if (!value.truthy()) return mapped;
    const std::vector<Value> items = iterate(value, interpreter.budget());
    if (arguments.positional.empty() && arguments.keyword("attribute") != nullptr) {
      Value default_value = Value::none();
      for (const auto& [name, item] : arguments.keywords) {
        if (name == "default") {
          default_value = item;
        } else if (name != "attribute") {
          raise(ErrorKind::invalid_argument, "Unexpected keyword argument '{}'", name);
        }
      }
      const Value& attribute = *arguments.keyword("attribute");
      for (const Value& item : items) {
        Value found = lookup_path(item, attribute);
        if (found.is_undefined() && !default_value.is_none()) found = default_value;
        mapped.push_back(std::move(found));
      }
      return mapped;
    }
    if (arguments.positional.empty()) {
      raise(ErrorKind::invalid_argument, "map requires a filter argument");
    }
    const std::string name = text_of(interpreter, arguments.positional.front());
    Arguments rest;
    rest.positional.assign(arguments.positional.begin() + 1, arguments.positional.end());
    rest.keywords = arguments.keywords;
    for (const Value& item : items) mapped.push_back(interpreter.apply_filter(name, item, rest));
    return mapped;
  });
}

// select, reject, selectattr, rejectattr.
Value select_items(Interpreter& interpreter, const Value& value, const Arguments& arguments,
                   bool by_attribute, bool keep_when) {
  return generator("select_or_reject", [&] {
    std::vector<Value> kept;
    if (!value.truthy()) return kept;
    std::size_t next = 0;
    Value attribute;
    if (by_attribute) {
      if (arguments.positional.empty()) {
        raise(ErrorKind::invalid_argument, "Missing parameter for attribute name");
      }
      attribute = arguments.positional[next++];
    }
    std::string test;
    Arguments test_arguments;
    const bool has_test = next < arguments.positional.size();
    if (has_test) {
      test = text_of(interpreter, arguments.positional[next++]);
      test_arguments.positional.assign(
          arguments.positional.begin() + static_cast<std::ptrdiff_t>(next),
          arguments.positional.end());
      test_arguments.keywords = arguments.keywords;
    }
    for (const Value& item : iterate(value, interpreter.budget())) {
      const Value subject = by_attribute ? lookup_path(item, attribute) : item;
      const bool passes =
          has_test ? interpreter.apply_test(test, subject, test_arguments) : subject.truthy();
      if (passes == keep_when) kept.push_back(item);
    }
    return kept;
  });
}

Value filter_select(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return select_items(interpreter, value, arguments, false, true);
}
Value filter_reject(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return select_items(interpreter, value, arguments, false, false);
}
Value filter_selectattr(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return select_items(interpreter, value, arguments, true, true);
}
Value filter_rejectattr(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return select_items(interpreter, value, arguments, true, false);
}

// min and max.
Value extreme(Interpreter& interpreter, const Value& value, const Arguments& arguments,
              std::string_view name, bool want_max) {
  const auto bound = bind_arguments(name, arguments,
                                    {optional_parameter("case_sensitive", Value::boolean(false)),
                                     optional_parameter("attribute", Value::none())});
  const std::vector<Value> items = iterate(value, interpreter.budget());
  if (items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
  std::size_t best = 0;
  Value best_key = sort_key(items[0], bound[1], bound[0].truthy());
  for (std::size_t i = 1; i < items.size(); ++i) {
    Value key = sort_key(items[i], bound[1], bound[0].truthy());
    if (want_max ? python_less(best_key, key) : python_less(key, best_key)) {
      best = i;
      best_key = std::move(key);
    }
  }
  return items[best];
}

Value filter_max(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return extreme(interpreter, value, arguments, "max", true);
}
Value filter_min(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  return extreme(interpreter, value, arguments, "min", false);
}

Value filter_replace(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("replace", arguments,
                                    {required_parameter("old"), required_parameter("new"),
                                     optional_parameter("count", Value::none())});
  const std::int64_t count = bound[2].is_none() ? -1 : integer_argument(bound[2], "replace");
  return Value::string(python_replace(text_of(interpreter, value), text_of(interpreter, bound[0]),
                                      text_of(interpreter, bound[1]), count, interpreter.budget()));
}

Value filter_reverse(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("reverse", arguments, {});
  if (value.is_string()) {
    // Characters are whole UTF-8 sequences: step back over continuation bytes.
    const std::string& text = value.as_string();
    std::string out;
    out.reserve(text.size());
    std::size_t end = text.size();
    while (end > 0) {
      std::size_t start = end - 1;
      while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
      out.append(text, start, end - start);
      end = start;
    }
    return Value::string(std::move(out));
  }
  if (!is_iterable(value)) raise(ErrorKind::invalid_argument, "argument must be iterable");
  std::vector<Value> items = iterate(value, interpreter.budget());
  std::reverse(items.begin(), items.end());
  // reversed() where Python has it, a reversed list where it has not.
  switch (value.kind()) {
    case Value::Kind::array:
      return Value::iterator(std::move(items),
                             value.is_tuple() ? "reversed" : "list_reverseiterator", "");
    case Value::Kind::dict:
      return Value::iterator(std::move(items), "dict_reversekeyiterator", "");
    case Value::Kind::undefined:
      return Value::iterator(std::move(items), "reversed", "");
    default:
      return Value::array(std::move(items));
  }
}

// Python's round(number, digits): to the nearest, ties to even, on the exact
// binary value.
double round_half_even(double number, std::int64_t digits) {
  if (!std::isfinite(number)) return number;
  if (digits >= 0) {
    if (digits > 320) return number;
    char buffer[400];
    std::snprintf(buffer, sizeof buffer, "%.*f", static_cast<int>(digits), number);
    return std::strtod(buffer, nullptr);
  }
  const double scale = std::pow(10.0, static_cast<double>(-digits));
  return std::nearbyint(number / scale) * scale;
}

Value filter_round(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("round", arguments,
                                    {optional_parameter("precision", Value::integer(0)),
                                     optional_parameter("method", Value::string("common"))});
  const std::string method = text_of(interpreter, bound[1]);
  if (method != "common" && method != "ceil" && method != "floor") {
    raise(ErrorKind::invalid_argument, "method must be common, ceil or floor");
  }
  if (value.is_undefined()) value.raise_undefined();
  if (!value.is_number()) {
    raise(ErrorKind::invalid_argument, "type {} doesn't define __round__ method",
          value.type_name());
  }
  const std::int64_t precision = integer_argument(bound[0], "round");
  if (method == "common") {
    if (value.is_integral()) {
      if (precision >= 0) return Value::integer(value.integral_value());
      const double scale = std::pow(10.0, static_cast<double>(-precision));
      return Value::integer(static_cast<std::int64_t>(
          std::nearbyint(static_cast<double>(value.integral_value()) / scale) * scale));
    }
    return Value::floating(round_half_even(value.as_floating(), precision));
  }
  const double scale = std::pow(10.0, static_cast<double>(precision));
  const double scaled = value.numeric_value() * scale;
  const double rounded = method == "ceil" ? std::ceil(scaled) : std::floor(scaled);
  return Value::floating(rounded / scale);
}

Value filter_safe(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("safe", arguments, {});
  return Value::string(text_of(interpreter, value));
}

Value filter_slice(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments(
      "slice", arguments,
      {required_parameter("slices"), optional_parameter("fill_with", Value::none())});
  return generator("do_slice", [&] {
    const std::int64_t slices = integer_argument(bound[0], "slice");
    if (slices <= 0) raise(ErrorKind::invalid_argument, "slice: slices must be positive");
    const std::vector<Value> items = iterate(value, interpreter.budget());
    const auto count = static_cast<std::size_t>(slices);
    const std::size_t per_slice = items.size() / count;
    const std::size_t with_extra = items.size() % count;
    std::vector<Value> out;
    std::size_t offset = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t size = per_slice + (i < with_extra ? 1 : 0);
      std::vector<Value> part(items.begin() + static_cast<std::ptrdiff_t>(offset),
                              items.begin() + static_cast<std::ptrdiff_t>(offset + size));
      offset += size;
      if (!bound[1].is_none() && i >= with_extra && with_extra > 0) part.push_back(bound[1]);
      out.push_back(Value::array(std::move(part)));
    }
    return out;
  });
}

Value filter_sort(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("sort", arguments,
                                    {optional_parameter("reverse", Value::boolean(false)),
                                     optional_parameter("case_sensitive", Value::boolean(false)),
                                     optional_parameter("attribute", Value::none())});
  const std::vector<Value> items = iterate(value, interpreter.budget());
  std::vector<Value> keys;
  keys.reserve(items.size());
  for (const Value& item : items) keys.push_back(sort_key(item, bound[2], bound[1].truthy()));
  std::vector<Value> sorted;
  sorted.reserve(items.size());
  for (const std::size_t i : sorted_order(keys, bound[0].truthy())) sorted.push_back(items[i]);
  return Value::array(std::move(sorted));
}

Value filter_string(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("string", arguments, {});
  return string_value(text_of(interpreter, value), interpreter);
}

Value filter_sum(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("sum", arguments,
                                    {optional_parameter("attribute", Value::none()),
                                     optional_parameter("start", Value::integer(0))});
  if (bound[1].is_string()) {
    raise(ErrorKind::invalid_argument, "sum() can't sum strings [use ''.join(seq) instead]");
  }
  Value total = bound[1];
  for (const Value& item : iterate(value, interpreter.budget())) {
    total = binary_operation(BinaryOperator::add, total,
                             bound[0].is_none() ? item : lookup_path(item, bound[0]),
                             interpreter.budget());
  }
  return total;
}

// jinja2's title filter, unlike str.title(), starts a word after "-",
// whitespace and opening brackets only.
Value filter_title(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("title", arguments, {});
  const std::string text = text_of(interpreter, value);
  const auto is_boundary = [](char32_t c) {
    return c == U'-' || c == U'(' || c == U'{' || c == U'[' || c == U'<' || is_python_space(c);
  };
  std::string out;
  bool start_of_run = true;
  bool in_boundary = false;
  for (std::size_t position = 0; position < text.size();) {
    const char32_t c = decode_utf8(text, position);
    const bool boundary = is_boundary(c);
    if (boundary != in_boundary) start_of_run = true;
    in_boundary = boundary;
    if (start_of_run) {
      append_upper(out, c);
    } else {
      append_lower(out, c);
    }
    start_of_run = false;
  }
  return Value::string(std::move(out));
}

Value filter_tojson(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments(
      "tojson", arguments,
      {optional_parameter("ensure_ascii", Value::boolean(false)),
       optional_parameter("indent", Value::none()), optional_parameter("separators", Value::none()),
       optional_parameter("sort_keys", Value::boolean(false))});
  JsonDumpOptions options;
  options.ensure_ascii = bound[0].truthy();
  const Value& indent = bound[1];
  if (indent.is_string()) {
    options.indent = indent.as_string();
  } else if (indent.is_integral()) {
    const std::int64_t width = std::max<std::int64_t>(indent.integral_value(), 0);
    interpreter.budget().check_string(static_cast<std::size_t>(width));
    options.indent = std::string(static_cast<std::size_t>(width), ' ');
  } else if (!indent.is_none()) {
    raise(ErrorKind::invalid_argument, "can't multiply sequence by non-int of type '{}'",
          indent.type_name());
  }
  if (!bound[2].is_none()) {
    if (!bound[2].is_array() || bound[2].as_array().items.size() != 2 ||
        !bound[2].as_array().items[0].is_string() || !bound[2].as_array().items[1].is_string()) {
      raise(ErrorKind::invalid_argument, "tojson: separators must be a pair of strings");
    }
    options.item_separator = bound[2].as_array().items[0].as_string();
    options.key_separator = bound[2].as_array().items[1].as_string();
  }
  options.sort_keys = bound[3].truthy();
  options.max_bytes = interpreter.budget().limits().max_output_bytes;
  return string_value(json_dumps(value, options), interpreter);
}

Value filter_trim(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound =
      bind_arguments("trim", arguments, {optional_parameter("chars", Value::none())});
  return Value::string(python_strip(text_of(interpreter, value), bound[0], true, true, "strip"));
}

Value filter_truncate(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("truncate", arguments,
                                    {optional_parameter("length", Value::integer(255)),
                                     optional_parameter("killwords", Value::boolean(false)),
                                     optional_parameter("end", Value::string("...")),
                                     optional_parameter("leeway", Value::integer(5))});
  const std::string end = text_of(interpreter, bound[2]);
  const std::int64_t length = integer_argument(bound[0], "truncate");
  const std::int64_t leeway = integer_argument(bound[3], "truncate");
  const auto end_length = static_cast<std::int64_t>(code_point_count(end));
  if (length < end_length) {
    raise(ErrorKind::invalid_argument, "expected length >= {}, got {}", end_length, length);
  }
  if (leeway < 0) raise(ErrorKind::invalid_argument, "expected leeway >= 0, got {}", leeway);
  // jinja2 measures the value itself: a list or dict short enough passes
  // through, one too long cannot be cut, and something without a length fails.
  if (value.is_undefined()) return value;
  if (!value.is_string()) {
    const std::int64_t size = filter_length(interpreter, value, Arguments{}).as_integer();
    if (size <= length + leeway) return value;
    raise(ErrorKind::unsupported, "truncate cannot cut a {}", value.type_name());
  }
  const std::string& text = value.as_string();
  const std::vector<std::size_t> offsets = code_point_offsets(text);
  const auto size = static_cast<std::int64_t>(offsets.size() - 1);
  if (size <= length + leeway) return value;
  std::string kept = text.substr(0, offsets[static_cast<std::size_t>(length - end_length)]);
  if (!bound[1].truthy()) {
    const std::size_t space = kept.rfind(' ');
    if (space != std::string::npos) kept.resize(space);
  }
  return Value::string(kept + end);
}

Value filter_unique(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  const auto bound = bind_arguments("unique", arguments,
                                    {optional_parameter("case_sensitive", Value::boolean(false)),
                                     optional_parameter("attribute", Value::none())});
  return generator("do_unique", [&] {
    std::vector<Value> unique;
    std::unordered_set<std::string> seen;
    for (const Value& item : iterate(value, interpreter.budget())) {
      const Value key = bound[1].is_none()
                            ? fold_case(item, bound[0].truthy())
                            : fold_case(lookup_path(item, bound[1]), bound[0].truthy());
      if (seen.insert(hash_key(key)).second) unique.push_back(item);
    }
    return unique;
  });
}

Value filter_wordcount(Interpreter& interpreter, const Value& value, const Arguments& arguments) {
  bind_arguments("wordcount", arguments, {});
  const std::string text = text_of(interpreter, value);
  std::int64_t words = 0;
  bool in_word = false;
  for (std::size_t position = 0; position < text.size();) {
    const bool word = is_word_character(decode_utf8(text, position));
    if (word && !in_word) ++words;
    in_word = word;
  }
  return Value::integer(words);
}

struct FilterEntry {
  std::string_view name;
  FilterFunction function;
};

constexpr FilterEntry kFilters[] = {
    {"abs", filter_abs},
    {"attr", filter_attr},
    {"batch", filter_batch},
    {"capitalize", filter_capitalize},
    {"center", filter_center},
    {"count", filter_length},
    {"d", filter_default},
    {"default", filter_default},
    {"dictsort", filter_dictsort},
    {"e", filter_escape},
    {"escape", filter_escape},
    {"first", filter_first},
    {"float", filter_float},
    {"format", filter_format},
    {"groupby", filter_groupby},
    {"indent", filter_indent},
    {"int", filter_int},
    {"items", filter_items},
    {"join", filter_join},
    {"last", filter_last},
    {"length", filter_length},
    {"list", filter_list},
    {"lower", filter_lower},
    {"map", filter_map},
    {"max", filter_max},
    {"min", filter_min},
    {"reject", filter_reject},
    {"rejectattr", filter_rejectattr},
    {"replace", filter_replace},
    {"reverse", filter_reverse},
    {"round", filter_round},
    {"safe", filter_safe},
    {"select", filter_select},
    {"selectattr", filter_selectattr},
    {"slice", filter_slice},
    {"sort", filter_sort},
    {"string", filter_string},
    {"sum", filter_sum},
    {"title", filter_title},
    {"tojson", filter_tojson},
    {"trim", filter_trim},
    {"truncate", filter_truncate},
    {"unique", filter_unique},
    {"upper", filter_upper},
    {"wordcount", filter_wordcount},
};

}  // namespace

FilterFunction find_filter(std::string_view name) {
  for (const FilterEntry& entry : kFilters) {
    if (entry.name == name) return entry.function;
  }
  return nullptr;
}

}  // namespace hearth::chat::jinja
