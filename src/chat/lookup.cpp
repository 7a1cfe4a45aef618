#include "lookup.h"

#include <fmt/format.h>

#include "arguments.h"
#include "comparison.h"
#include "hearth/util/error.h"
#include "methods.h"
#include "native_function.h"
#include "python_text.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

// jinja2's object_type_repr: how an undefined value's message names the
// object it came from.
std::string object_description(const Value& object) {
  if (object.is_none()) return "None";
  return fmt::format("{} object", object.type_name());
}

Value missing_attribute(const Value& object, std::string_view name) {
  return Value::undefined(
      fmt::format("'{}' has no attribute '{}'", object_description(object), name));
}

Value missing_item(const Value& object, const Value& key) {
  if (key.is_string()) return missing_attribute(object, key.as_string());
  const bool scalar = !key.is_array() && !key.is_dict() && !key.is_namespace_object();
  const std::string key_text = scalar ? to_repr(key) : std::string(key.type_name());
  return Value::undefined(
      fmt::format("{} has no element {}", object_description(object), key_text));
}

Value loop_property(const Value& loop_value, std::string_view name) {
  const LoopState& loop = loop_value.as_loop();
  const std::int64_t length = static_cast<std::int64_t>(loop.items->items.size());
  const std::int64_t index0 = static_cast<std::int64_t>(loop.index0);
  if (name == "index0") return Value::integer(index0);
  if (name == "index") return Value::integer(index0 + 1);
  if (name == "revindex0") return Value::integer(length - index0 - 1);
  if (name == "revindex") return Value::integer(length - index0);
  if (name == "first") return Value::boolean(index0 == 0);
  if (name == "last") return Value::boolean(index0 + 1 == length);
  if (name == "length") return Value::integer(length);
  // Only recursive loops, which hearth does not run, go deeper than 1.
  if (name == "depth0") return Value::integer(0);
  if (name == "depth") return Value::integer(1);
  if (name == "previtem") {
    if (index0 == 0) return Value::undefined("there is no previous item");
    return loop.items->items[loop.index0 - 1];
  }
  if (name == "nextitem") {
    if (index0 + 1 >= length) return Value::undefined("there is no next item");
    return loop.items->items[loop.index0 + 1];
  }
  if (name == "cycle") {
    return native_function("<bound method LoopContext.cycle>",
                           [state = loop_value](Interpreter&, const Arguments& arguments) {
                             if (arguments.positional.empty()) {
                               raise(ErrorKind::invalid_argument, "no items for cycling given");
                             }
                             const std::size_t index = state.as_loop().index0;
                             return arguments.positional[index % arguments.positional.size()];
                           });
  }
  if (name == "changed") {
    return native_function("<bound method LoopContext.changed>",
                           [state = loop_value](Interpreter&, const Arguments& arguments) {
                             Value current = Value::tuple(arguments.positional);
                             LoopState& loop_state = state.as_loop();
                             if (python_equal(loop_state.last_changed, current)) {
                               return Value::boolean(false);
                             }
                             loop_state.last_changed = std::move(current);
                             return Value::boolean(true);
                           });
  }
  return missing_attribute(loop_value, name);
}

// Python's index rules: negative counts from the end; nothing when outside.
std::optional<std::size_t> resolve_index(std::int64_t index, std::size_t length) {
  if (index < 0) index += static_cast<std::int64_t>(length);
  if (index < 0 || static_cast<std::size_t>(index) >= length) return std::nullopt;
  return static_cast<std::size_t>(index);
}

Value string_item(const Value& object, const Value& key) {
  const std::string& text = object.as_string();
  const bool ascii = is_ascii(text);
  const auto index =
      resolve_index(key.integral_value(), ascii ? text.size() : code_point_count(text));
  if (!index) return missing_item(object, key);
  if (ascii) return Value::string(std::string(1, text[*index]));
  std::size_t position = 0;
  for (std::size_t i = 0; i < *index; ++i) decode_utf8(text, position);
  const std::size_t start = position;
  decode_utf8(text, position);
  return Value::string(text.substr(start, position - start));
}

// PySlice_AdjustIndices: clamps start and stop to the sequence.
std::int64_t clamp_slice_bound(const Value& bound, std::int64_t length, std::int64_t step,
                               bool is_start) {
  if (bound.is_none()) {
    if (step > 0) return is_start ? 0 : length;
    return is_start ? length - 1 : -1;
  }
  std::int64_t value = bound.integral_value();
  if (value < 0) {
    value += length;
    if (value < 0) value = step < 0 ? -1 : 0;
  } else if (value >= length) {
    value = step < 0 ? length - 1 : length;
  }
  return value;
}

std::vector<std::size_t> slice_positions(std::size_t size, const Value& start, const Value& stop,
                                         std::int64_t step) {
  const auto length = static_cast<std::int64_t>(size);
  const std::int64_t first = clamp_slice_bound(start, length, step, true);
  const std::int64_t end = clamp_slice_bound(stop, length, step, false);
  std::vector<std::size_t> positions;
  for (std::int64_t i = first; step > 0 ? i < end : i > end; i += step) {
    positions.push_back(static_cast<std::size_t>(i));
  }
  return positions;
}

bool is_slice_bound(const Value& bound) {
  return bound.is_none() || bound.is_integral();
}

}  // namespace

Value get_attribute(const Value& object, std::string_view name) {
  switch (object.kind()) {
    case Value::Kind::undefined:
      object.raise_undefined();
    case Value::Kind::array: {
      const Array& array = object.as_array();
      for (std::size_t i = 0; i < array.field_names.size(); ++i) {
        if (array.field_names[i] == name) return array.items[i];
      }
      if (auto method = find_method(object, name)) return *method;
      return missing_attribute(object, name);
    }
    case Value::Kind::string:
      if (auto method = find_method(object, name)) return *method;
      return missing_attribute(object, name);
    case Value::Kind::dict:
      if (auto method = find_method(object, name)) return *method;
      if (const Value* item = object.as_dict().find(name)) return *item;
      return missing_attribute(object, name);
    case Value::Kind::namespace_object:
      if (const Value* item = object.as_namespace().attributes.find(name)) return *item;
      return missing_attribute(object, name);
    case Value::Kind::loop:
      return loop_property(object, name);
    case Value::Kind::boolean:
    case Value::Kind::integer:
      if (name == "real" || name == "numerator") return Value::integer(object.integral_value());
      if (name == "imag") return Value::integer(0);
      if (name == "denominator") return Value::integer(1);
      return missing_attribute(object, name);
    case Value::Kind::floating:
      if (name == "real") return object;
      if (name == "imag") return Value::floating(0.0);
      return missing_attribute(object, name);
    default:
      return missing_attribute(object, name);
  }
}

Value get_item(const Value& object, const Value& key) {
  if (object.is_undefined()) object.raise_undefined();
  if (object.is_dict() && key.is_string()) {
    if (const Value* item = object.as_dict().find(key.as_string())) return *item;
  } else if (object.is_array() && key.is_integral()) {
    const auto& items = object.as_array().items;
    const auto index = resolve_index(key.integral_value(), items.size());
    return index ? items[*index] : missing_item(object, key);
  } else if (object.is_string() && key.is_integral()) {
    return string_item(object, key);
  }
  // jinja2 falls back to an attribute when the key is a string.
  if (key.is_string()) return get_attribute(object, key.as_string());
  return missing_item(object, key);
}

Value get_slice(const Value& object, const Value& start, const Value& stop, const Value& step) {
  // jinja2 slices with Python's own subscription, not its forgiving getitem,
  // so every failure is an error.
  if (object.is_undefined()) object.raise_undefined();
  if (object.is_dict()) raise(ErrorKind::invalid_argument, "unhashable type: 'slice'");
  if (!object.is_string() && !object.is_array()) {
    raise(ErrorKind::invalid_argument, "'{}' object is not subscriptable", object.type_name());
  }
  if (!is_slice_bound(start) || !is_slice_bound(stop) || !is_slice_bound(step)) {
    raise(ErrorKind::invalid_argument,
          "slice indices must be integers or None or have an __index__ method");
  }
  const std::int64_t stride = step.is_integral() ? step.integral_value() : 1;
  if (stride == 0) raise(ErrorKind::invalid_argument, "slice step cannot be zero");
  if (object.is_array()) {
    const Array& array = object.as_array();
    std::vector<Value> items;
    for (const std::size_t i : slice_positions(array.items.size(), start, stop, stride)) {
      items.push_back(array.items[i]);
    }
    return array.is_tuple ? Value::tuple(std::move(items)) : Value::array(std::move(items));
  }
  const std::string& text = object.as_string();
  std::string out;
  if (is_ascii(text)) {
    for (const std::size_t i : slice_positions(text.size(), start, stop, stride)) out += text[i];
    return Value::string(std::move(out));
  }
  const std::vector<std::size_t> offsets = code_point_offsets(text);
  for (const std::size_t i : slice_positions(offsets.size() - 1, start, stop, stride)) {
    out.append(text, offsets[i], offsets[i + 1] - offsets[i]);
  }
  return Value::string(std::move(out));
}

}  // namespace hearth::chat::jinja
