// The methods of Python's str, on UTF-8 text with code point positions.
#include <fmt/format.h>

#include <algorithm>

#include "arguments.h"
#include "hearth/util/error.h"
#include "interpreter.h"
#include "iteration.h"
#include "methods.h"
#include "native_function.h"
#include "string_formatting.h"
#include "string_operations.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

using StringMethod = Value (*)(Interpreter& interpreter, const std::string& self,
                               const Arguments& arguments);

// Text addressed by code point, as Python addresses it. The code point
// offsets of non-ASCII text are found only when a position is asked for.
class CodePoints {
 public:
  explicit CodePoints(std::string_view text) : text_(text), ascii_(is_ascii(text)) {}

  std::size_t size() const { return ascii_ ? text_.size() : offsets().size() - 1; }
  std::size_t byte_offset(std::size_t index) const { return ascii_ ? index : offsets()[index]; }
  std::size_t index_of_byte(std::size_t offset) const {
    if (ascii_) return offset;
    const std::vector<std::size_t>& all = offsets();
    return static_cast<std::size_t>(std::lower_bound(all.begin(), all.end(), offset) - all.begin());
  }

  // The byte range of [start:end] under Python's slice clamping, for the
  // optional start and end arguments of find, count, startswith...
  std::pair<std::size_t, std::size_t> byte_range(const Value& start, const Value& end) const {
    if (start.is_none() && end.is_none()) return {0, text_.size()};
    const auto clamp = [&](const Value& bound, std::size_t fallback) {
      if (bound.is_none()) return fallback;
      std::int64_t index = bound.integral_value();
      const auto length = static_cast<std::int64_t>(size());
      if (index < 0) index = std::max<std::int64_t>(0, index + length);
      return static_cast<std::size_t>(std::min(index, length));
    };
    const std::size_t first = clamp(start, 0);
    const std::size_t last = std::max(first, clamp(end, size()));
    return {byte_offset(first), byte_offset(last)};
  }

 private:
  const std::vector<std::size_t>& offsets() const {
    if (offsets_.empty()) offsets_ = code_point_offsets(text_);
    return offsets_;
  }

  std::string_view text_;
  bool ascii_;
  mutable std::vector<std::size_t> offsets_;
};

const std::string& string_argument(const Value& value, std::string_view method) {
  if (!value.is_string()) {
    raise(ErrorKind::invalid_argument, "{}() argument must be str, not {}", method,
          value.type_name());
  }
  return value.as_string();
}

void check_position(const Value& value, std::string_view method) {
  if (!value.is_none() && !value.is_integral()) {
    raise(ErrorKind::invalid_argument,
          "{}(): slice indices must be integers or None or have an __index__ method", method);
  }
}

Value strip_method(const std::string& self, const Arguments& arguments, std::string_view name,
                   bool left, bool right) {
  const auto bound = bind_arguments(name, arguments, {optional_parameter("chars", Value::none())});
  return Value::string(python_strip(self, bound[0], left, right, name));
}

Value method_strip(Interpreter&, const std::string& self, const Arguments& arguments) {
  return strip_method(self, arguments, "strip", true, true);
}
Value method_lstrip(Interpreter&, const std::string& self, const Arguments& arguments) {
  return strip_method(self, arguments, "lstrip", true, false);
}
Value method_rstrip(Interpreter&, const std::string& self, const Arguments& arguments) {
  return strip_method(self, arguments, "rstrip", false, true);
}

// The prefixes or suffixes startswith() and endswith() accept: a str or a
// tuple of them.
std::vector<std::string> affixes(const Value& value, std::string_view method) {
  if (value.is_string()) return {value.as_string()};
  if (value.is_tuple()) {
    std::vector<std::string> out;
    for (const Value& item : value.as_array().items) {
      if (!item.is_string()) {
        raise(ErrorKind::invalid_argument, "tuple for {} must only contain str, not {}", method,
              item.type_name());
      }
      out.push_back(item.as_string());
    }
    return out;
  }
  raise(ErrorKind::invalid_argument, "{} first arg must be str or a tuple of str, not {}", method,
        value.type_name());
}

Value affix_method(const std::string& self, const Arguments& arguments, std::string_view name,
                   bool at_start) {
  const auto bound =
      bind_arguments(name, arguments,
                     {required_parameter("prefix"), optional_parameter("start", Value::none()),
                      optional_parameter("end", Value::none())});
  check_position(bound[1], name);
  check_position(bound[2], name);
  const CodePoints text(self);
  const auto [first, last] = text.byte_range(bound[1], bound[2]);
  const std::string_view range = std::string_view(self).substr(first, last - first);
  for (const std::string& affix : affixes(bound[0], name)) {
    if (at_start ? range.starts_with(affix) : range.ends_with(affix)) return Value::boolean(true);
  }
  return Value::boolean(false);
}

Value method_startswith(Interpreter&, const std::string& self, const Arguments& arguments) {
  return affix_method(self, arguments, "startswith", true);
}
Value method_endswith(Interpreter&, const std::string& self, const Arguments& arguments) {
  return affix_method(self, arguments, "endswith", false);
}

// find, rfind, index, rindex: code point position of `sub` in [start:end].
Value find_method_impl(const std::string& self, const Arguments& arguments, std::string_view name,
                       bool from_right, bool raise_if_missing) {
  const auto bound =
      bind_arguments(name, arguments,
                     {required_parameter("sub"), optional_parameter("start", Value::none()),
                      optional_parameter("end", Value::none())});
  const std::string& sub = string_argument(bound[0], name);
  check_position(bound[1], name);
  check_position(bound[2], name);
  const CodePoints text(self);
  const auto [first, last] = text.byte_range(bound[1], bound[2]);
  const std::string_view range = std::string_view(self).substr(first, last - first);
  const std::size_t found = from_right ? range.rfind(sub) : range.find(sub);
  if (found == std::string_view::npos) {
    if (raise_if_missing) raise(ErrorKind::invalid_argument, "substring not found");
    return Value::integer(-1);
  }
  return Value::integer(static_cast<std::int64_t>(text.index_of_byte(first + found)));
}

Value method_find(Interpreter&, const std::string& self, const Arguments& arguments) {
  return find_method_impl(self, arguments, "find", false, false);
}
Value method_rfind(Interpreter&, const std::string& self, const Arguments& arguments) {
  return find_method_impl(self, arguments, "rfind", true, false);
}
Value method_index(Interpreter&, const std::string& self, const Arguments& arguments) {
  return find_method_impl(self, arguments, "index", false, true);
}
Value method_rindex(Interpreter&, const std::string& self, const Arguments& arguments) {
  return find_method_impl(self, arguments, "rindex", true, true);
}

Value method_count(Interpreter&, const std::string& self, const Arguments& arguments) {
  const auto bound =
      bind_arguments("count", arguments,
                     {required_parameter("sub"), optional_parameter("start", Value::none()),
                      optional_parameter("end", Value::none())});
  const std::string& sub = string_argument(bound[0], "count");
  check_position(bound[1], "count");
  check_position(bound[2], "count");
  const CodePoints text(self);
  const auto [first, last] = text.byte_range(bound[1], bound[2]);
  const std::string_view range = std::string_view(self).substr(first, last - first);
  if (sub.empty()) return Value::integer(static_cast<std::int64_t>(code_point_count(range) + 1));
  std::int64_t count = 0;
  for (std::size_t at = range.find(sub); at != std::string_view::npos;
       at = range.find(sub, at + sub.size())) {
    ++count;
  }
  return Value::integer(count);
}

std::int64_t max_split(const Value& value) {
  if (!value.is_integral()) {
    raise(ErrorKind::invalid_argument, "'{}' object cannot be interpreted as an integer",
          value.type_name());
  }
  return value.integral_value();
}

// str.split() without a separator: runs of whitespace separate, and none
// are kept at either end.
std::vector<Value> split_whitespace(std::string_view text, std::int64_t limit) {
  std::vector<Value> parts;
  std::size_t position = 0;
  while (true) {
    while (position < text.size()) {
      std::size_t next = position;
      if (!is_python_space(decode_utf8(text, next))) break;
      position = next;
    }
    if (position >= text.size()) break;
    if (limit >= 0 && static_cast<std::int64_t>(parts.size()) == limit) {
      // Past the limit the rest is one part, trailing whitespace and all.
      parts.push_back(Value::string(std::string(text.substr(position))));
      break;
    }
    const std::size_t start = position;
    while (position < text.size()) {
      std::size_t next = position;
      if (is_python_space(decode_utf8(text, next))) break;
      position = next;
    }
    parts.push_back(Value::string(std::string(text.substr(start, position - start))));
  }
  return parts;
}

// str.rsplit() without a separator.
std::vector<Value> rsplit_whitespace(std::string_view text, std::int64_t limit) {
  std::vector<std::pair<std::size_t, std::size_t>> words;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t next = position;
    if (is_python_space(decode_utf8(text, next))) {
      position = next;
      continue;
    }
    const std::size_t start = position;
    while (position < text.size()) {
      next = position;
      if (is_python_space(decode_utf8(text, next))) break;
      position = next;
    }
    words.emplace_back(start, position);
  }
  std::vector<Value> parts;
  if (words.empty()) return parts;
  std::size_t kept = words.size();
  if (limit >= 0 && static_cast<std::size_t>(limit) < words.size())
    kept = static_cast<std::size_t>(limit);
  const std::size_t first_whole = words.size() - kept;
  if (first_whole > 0) {
    // Past the limit the rest is one part, leading whitespace and all.
    parts.push_back(Value::string(std::string(text.substr(0, words[first_whole - 1].second))));
  }
  for (std::size_t i = first_whole; i < words.size(); ++i) {
    parts.push_back(
        Value::string(std::string(text.substr(words[i].first, words[i].second - words[i].first))));
  }
  return parts;
}

Value split_method(const std::string& self, const Arguments& arguments, std::string_view name,
                   bool from_right) {
  const auto bound = bind_arguments(name, arguments,
                                    {optional_parameter("sep", Value::none()),
                                     optional_parameter("maxsplit", Value::integer(-1))});
  const std::int64_t limit = max_split(bound[1]);
  if (bound[0].is_none()) {
    return Value::array(from_right ? rsplit_whitespace(self, limit)
                                   : split_whitespace(self, limit));
  }
  const std::string& separator = string_argument(bound[0], name);
  if (separator.empty()) raise(ErrorKind::invalid_argument, "empty separator");
  std::vector<Value> parts;
  const std::string_view text = self;
  if (!from_right) {
    std::size_t start = 0;
    for (std::size_t at = text.find(separator);
         at != std::string_view::npos &&
         (limit < 0 || static_cast<std::int64_t>(parts.size()) < limit);
         at = text.find(separator, start)) {
      parts.push_back(Value::string(std::string(text.substr(start, at - start))));
      start = at + separator.size();
    }
    parts.push_back(Value::string(std::string(text.substr(start))));
    return Value::array(std::move(parts));
  }
  std::size_t end = text.size();
  std::int64_t splits = 0;
  while (limit < 0 || splits < limit) {
    if (end < separator.size()) break;
    const std::size_t at = text.rfind(separator, end - separator.size());
    if (at == std::string_view::npos) break;
    parts.push_back(Value::string(
        std::string(text.substr(at + separator.size(), end - at - separator.size()))));
    end = at;
    ++splits;
  }
  parts.push_back(Value::string(std::string(text.substr(0, end))));
  std::reverse(parts.begin(), parts.end());
  return Value::array(std::move(parts));
}

Value method_split(Interpreter&, const std::string& self, const Arguments& arguments) {
  return split_method(self, arguments, "split", false);
}
Value method_rsplit(Interpreter&, const std::string& self, const Arguments& arguments) {
  return split_method(self, arguments, "rsplit", true);
}

Value method_splitlines(Interpreter&, const std::string& self, const Arguments& arguments) {
  const auto bound = bind_arguments("splitlines", arguments,
                                    {optional_parameter("keepends", Value::boolean(false))});
  std::vector<Value> lines;
  for (std::string& line : python_splitlines(self, bound[0].truthy())) {
    lines.push_back(Value::string(std::move(line)));
  }
  return Value::array(std::move(lines));
}

Value method_replace(Interpreter& interpreter, const std::string& self,
                     const Arguments& arguments) {
  const auto bound = bind_arguments("replace", arguments,
                                    {required_parameter("old"), required_parameter("new"),
                                     optional_parameter("count", Value::integer(-1))});
  const std::string& old_text = string_argument(bound[0], "replace");
  const std::string& new_text = string_argument(bound[1], "replace");
  const std::int64_t limit = max_split(bound[2]);
  return Value::string(python_replace(self, old_text, new_text, limit, interpreter.budget()));
}

Value method_join(Interpreter& interpreter, const std::string& self, const Arguments& arguments) {
  const auto bound = bind_arguments("join", arguments, {required_parameter("iterable")});
  const std::vector<Value> items = iterate(bound[0], interpreter.budget());
  std::size_t total = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_string()) {
      raise(ErrorKind::invalid_argument, "sequence item {}: expected str instance, {} found", i,
            items[i].type_name());
    }
    total += items[i].as_string().size() + (i > 0 ? self.size() : 0);
    interpreter.budget().check_string(total);
  }
  std::string out;
  out.reserve(total);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += self;
    out += items[i].as_string();
  }
  return Value::string(std::move(out));
}

Value method_upper(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("upper", arguments, {});
  return Value::string(to_upper(self));
}

Value method_lower(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("lower", arguments, {});
  return Value::string(to_lower(self));
}

Value method_casefold(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("casefold", arguments, {});
  return Value::string(to_lower(self));
}

Value method_swapcase(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("swapcase", arguments, {});
  std::string out;
  for (std::size_t position = 0; position < self.size();) {
    const char32_t c = decode_utf8(self, position);
    if (is_uppercase(c)) {
      append_lower(out, c);
    } else if (is_lowercase(c)) {
      append_upper(out, c);
    } else {
      append_utf8(out, c);
    }
  }
  return Value::string(std::move(out));
}

Value method_title(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("title", arguments, {});
  return Value::string(python_title(self));
}

Value method_capitalize(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("capitalize", arguments, {});
  return Value::string(python_capitalize(self));
}

// center, ljust, rjust: pad to `width` code points with `fillchar`.
Value pad_method(Interpreter& interpreter, const std::string& self, const Arguments& arguments,
                 std::string_view name) {
  const auto bound = bind_arguments(
      name, arguments,
      {required_parameter("width"), optional_parameter("fillchar", Value::string(" "))});
  const std::int64_t width = max_split(bound[0]);
  const std::string& fill = string_argument(bound[1], name);
  if (code_point_count(fill) != 1) {
    raise(ErrorKind::invalid_argument, "The fill character must be exactly one character long");
  }
  const auto length = static_cast<std::int64_t>(code_point_count(self));
  if (width <= length) return Value::string(self);
  const auto margin = static_cast<std::size_t>(width - length);
  interpreter.budget().check_string(self.size() + margin * fill.size());
  std::size_t left = 0;
  if (name == "center") {
    left = margin / 2 + (margin & static_cast<std::size_t>(width) & 1);
  } else if (name == "rjust") {
    left = margin;
  }
  std::string out;
  for (std::size_t i = 0; i < left; ++i) out += fill;
  out += self;
  for (std::size_t i = left; i < margin; ++i) out += fill;
  return Value::string(std::move(out));
}

Value method_center(Interpreter& interpreter, const std::string& self, const Arguments& arguments) {
  return pad_method(interpreter, self, arguments, "center");
}
Value method_ljust(Interpreter& interpreter, const std::string& self, const Arguments& arguments) {
  return pad_method(interpreter, self, arguments, "ljust");
}
Value method_rjust(Interpreter& interpreter, const std::string& self, const Arguments& arguments) {
  return pad_method(interpreter, self, arguments, "rjust");
}

Value method_zfill(Interpreter& interpreter, const std::string& self, const Arguments& arguments) {
  const auto bound = bind_arguments("zfill", arguments, {required_parameter("width")});
  const std::int64_t width = max_split(bound[0]);
  const auto length = static_cast<std::int64_t>(code_point_count(self));
  if (width <= length) return Value::string(self);
  const auto margin = static_cast<std::size_t>(width - length);
  interpreter.budget().check_string(self.size() + margin);
  const bool signed_text = !self.empty() && (self[0] == '+' || self[0] == '-');
  std::string out = signed_text ? self.substr(0, 1) : std::string();
  out.append(margin, '0');
  out += signed_text ? self.substr(1) : self;
  return Value::string(std::move(out));
}

Value partition_method(const std::string& self, const Arguments& arguments, std::string_view name,
                       bool from_right) {
  const auto bound = bind_arguments(name, arguments, {required_parameter("sep")});
  const std::string& separator = string_argument(bound[0], name);
  if (separator.empty()) raise(ErrorKind::invalid_argument, "empty separator");
  const std::size_t at = from_right ? self.rfind(separator) : self.find(separator);
  if (at == std::string::npos) {
    if (from_right)
      return Value::tuple({Value::string(""), Value::string(""), Value::string(self)});
    return Value::tuple({Value::string(self), Value::string(""), Value::string("")});
  }
  return Value::tuple({Value::string(self.substr(0, at)), Value::string(separator),
                       Value::string(self.substr(at + separator.size()))});
}

Value method_partition(Interpreter&, const std::string& self, const Arguments& arguments) {
  return partition_method(self, arguments, "partition", false);
}
Value method_rpartition(Interpreter&, const std::string& self, const Arguments& arguments) {
  return partition_method(self, arguments, "rpartition", true);
}

Value method_removeprefix(Interpreter&, const std::string& self, const Arguments& arguments) {
  const auto bound = bind_arguments("removeprefix", arguments, {required_parameter("prefix")});
  const std::string& prefix = string_argument(bound[0], "removeprefix");
  return Value::string(std::string_view(self).starts_with(prefix) ? self.substr(prefix.size())
                                                                  : self);
}

Value method_removesuffix(Interpreter&, const std::string& self, const Arguments& arguments) {
  const auto bound = bind_arguments("removesuffix", arguments, {required_parameter("suffix")});
  const std::string& suffix = string_argument(bound[0], "removesuffix");
  return Value::string(std::string_view(self).ends_with(suffix)
                           ? self.substr(0, self.size() - suffix.size())
                           : self);
}

Value method_format(Interpreter& interpreter, const std::string& self, const Arguments& arguments) {
  return Value::string(brace_format(self, arguments, interpreter.budget()));
}

// isalpha and the like: true when the text is not empty and every code
// point passes.
template <bool (*Predicate)(char32_t)>
Value all_characters(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("is", arguments, {});
  if (self.empty()) return Value::boolean(false);
  for (std::size_t position = 0; position < self.size();) {
    if (!Predicate(decode_utf8(self, position))) return Value::boolean(false);
  }
  return Value::boolean(true);
}

bool is_alphanumeric(char32_t c) {
  return is_alphabetic(c) || is_numeric(c);
}

// islower / isupper: at least one cased character, and none of the other
// case.
template <bool Lower>
Value case_test(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments(Lower ? "islower" : "isupper", arguments, {});
  bool cased = false;
  for (std::size_t position = 0; position < self.size();) {
    const char32_t c = decode_utf8(self, position);
    if (Lower ? is_uppercase(c) || (is_cased(c) && !is_lowercase(c))
              : is_lowercase(c) || (is_cased(c) && !is_uppercase(c))) {
      return Value::boolean(false);
    }
    cased = cased || is_cased(c);
  }
  return Value::boolean(cased);
}

Value method_isascii(Interpreter&, const std::string& self, const Arguments& arguments) {
  bind_arguments("isascii", arguments, {});
  return Value::boolean(is_ascii(self));
}

struct StringMethodEntry {
  std::string_view name;
  StringMethod method;
};

constexpr StringMethodEntry kStringMethods[] = {
    {"capitalize", method_capitalize},
    {"casefold", method_casefold},
    {"center", method_center},
    {"count", method_count},
    {"endswith", method_endswith},
    {"find", method_find},
    {"format", method_format},
    {"index", method_index},
    {"isalnum", all_characters<is_alphanumeric>},
    {"isalpha", all_characters<is_alphabetic>},
    {"isascii", method_isascii},
    {"isdecimal", all_characters<is_decimal_digit>},
    {"isdigit", all_characters<is_decimal_digit>},
    {"islower", case_test<true>},
    {"isnumeric", all_characters<is_numeric>},
    {"isspace", all_characters<is_python_space>},
    {"isupper", case_test<false>},
    {"join", method_join},
    {"ljust", method_ljust},
    {"lower", method_lower},
    {"lstrip", method_lstrip},
    {"partition", method_partition},
    {"removeprefix", method_removeprefix},
    {"removesuffix", method_removesuffix},
    {"replace", method_replace},
    {"rfind", method_rfind},
    {"rindex", method_rindex},
    {"rjust", method_rjust},
    {"rpartition", method_rpartition},
    {"rsplit", method_rsplit},
    {"rstrip", method_rstrip},
    {"split", method_split},
    {"splitlines", method_splitlines},
    {"startswith", method_startswith},
    {"strip", method_strip},
    {"swapcase", method_swapcase},
    {"title", method_title},
    {"upper", method_upper},
    {"zfill", method_zfill},
};

}  // namespace

std::optional<Value> find_string_method(const Value& receiver, std::string_view name) {
  for (const StringMethodEntry& entry : kStringMethods) {
    if (entry.name != name) continue;
    return native_function(
        fmt::format("<built-in method {} of str object>", name),
        [receiver, method = entry.method](Interpreter& interpreter, const Arguments& arguments) {
          return method(interpreter, receiver.as_string(), arguments);
        });
  }
  return std::nullopt;
}

}  // namespace hearth::chat::jinja
