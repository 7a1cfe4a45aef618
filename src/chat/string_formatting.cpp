#include "string_formatting.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <optional>

#include "hearth/util/error.h"
#include "lookup.h"
#include "python_text.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

// Text of at most `precision` code points.
std::string truncate_code_points(const std::string& text, std::int64_t precision) {
  if (precision < 0) return text;
  std::size_t position = 0;
  for (std::int64_t i = 0; i < precision && position < text.size(); ++i)
    decode_utf8(text, position);
  return text.substr(0, position);
}

// C's printf for one double; Python formats floats the same way.
std::string c_format_double(double value, char type, std::int64_t precision, bool alternate) {
  const std::string spec = fmt::format("%{}.{}{}", alternate ? "#" : "", precision, type);
  const int size = std::snprintf(nullptr, 0, spec.c_str(), value);
  std::string out(static_cast<std::size_t>(size), '\0');
  std::snprintf(out.data(), out.size() + 1, spec.c_str(), value);
  return out;
}

std::string integer_digits(std::uint64_t magnitude, char type) {
  switch (type) {
    case 'o':
      return fmt::format("{:o}", magnitude);
    case 'x':
      return fmt::format("{:x}", magnitude);
    case 'X':
      return fmt::format("{:X}", magnitude);
    case 'b':
      return fmt::format("{:b}", magnitude);
    default:
      return fmt::format("{}", magnitude);
  }
}

std::uint64_t magnitude_of(std::int64_t value) {
  return value < 0 ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
}

// ----- printf style ---------------------------------------------------------

struct PercentSpec {
  bool left = false;
  bool plus = false;
  bool space = false;
  bool alternate = false;
  bool zero = false;
  std::int64_t width = 0;
  std::int64_t precision = -1;
  char type = 's';
};

std::string apply_percent_padding(std::string sign, std::string body, const PercentSpec& spec,
                                  bool numeric, RenderBudget& budget) {
  const auto length = static_cast<std::int64_t>(code_point_count(sign) + code_point_count(body));
  if (spec.width <= length) return sign + body;
  const auto padding = static_cast<std::size_t>(spec.width - length);
  budget.check_string(sign.size() + body.size() + padding);
  if (spec.left) return sign + body + std::string(padding, ' ');
  if (spec.zero && numeric) return sign + std::string(padding, '0') + body;
  return std::string(padding, ' ') + sign + body;
}

std::string percent_convert(const Value& value, const PercentSpec& spec, RenderBudget& budget) {
  const char type = spec.type;
  if (type == 's' || type == 'r' || type == 'a') {
    const std::size_t limit = budget.max_string_bytes();
    const std::string text = type == 's' ? to_str(value, limit) : to_repr(value, limit);
    return apply_percent_padding("", truncate_code_points(text, spec.precision), spec, false,
                                 budget);
  }
  if (type == 'c') {
    std::string character;
    if (value.is_integral()) {
      append_utf8(character, static_cast<char32_t>(value.integral_value()));
    } else if (value.is_string() && code_point_count(value.as_string()) == 1) {
      character = value.as_string();
    } else {
      raise(ErrorKind::invalid_argument, "%c requires int or char");
    }
    return apply_percent_padding("", character, spec, false, budget);
  }
  if (!value.is_number()) {
    raise(ErrorKind::invalid_argument, "%{} format: a real number is required, not {}", type,
          value.type_name());
  }
  const auto sign_of = [&](bool negative) {
    return std::string(negative ? "-" : spec.plus ? "+" : spec.space ? " " : "");
  };
  if (type == 'd' || type == 'i' || type == 'u' || type == 'o' || type == 'x' || type == 'X') {
    if (value.is_floating() && (type == 'o' || type == 'x' || type == 'X')) {
      raise(ErrorKind::invalid_argument, "%{} format: an integer is required, not float", type);
    }
    std::int64_t integer = 0;
    if (value.is_floating()) {
      const double truncated = std::trunc(value.as_floating());
      if (!std::isfinite(truncated) || std::fabs(truncated) >= 9.2e18) {
        raise(ErrorKind::unsupported, "%{} of {} does not fit in 64 bits", type,
              float_repr(value.as_floating()));
      }
      integer = static_cast<std::int64_t>(truncated);
    } else {
      integer = value.integral_value();
    }
    std::string digits = integer_digits(magnitude_of(integer), type);
    if (spec.precision > static_cast<std::int64_t>(digits.size())) {
      digits.insert(0, static_cast<std::size_t>(spec.precision) - digits.size(), '0');
    }
    std::string sign = sign_of(integer < 0);
    if (spec.alternate && type == 'o') sign += "0o";
    if (spec.alternate && (type == 'x' || type == 'X')) sign += type == 'x' ? "0x" : "0X";
    return apply_percent_padding(sign, digits, spec, true, budget);
  }
  const double number = value.numeric_value();
  std::string body = c_format_double(std::fabs(number), type == 'F' ? 'F' : type,
                                     spec.precision < 0 ? 6 : spec.precision, spec.alternate);
  return apply_percent_padding(sign_of(std::signbit(number) && !std::isnan(number)), body, spec,
                               std::isfinite(number), budget);
}

std::int64_t parse_number(std::string_view format, std::size_t& i) {
  std::int64_t value = 0;
  while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
    value = value * 10 + (format[i++] - '0');
    if (value > (std::int64_t{1} << 40)) raise(ErrorKind::invalid_argument, "width too big");
  }
  return value;
}

// ----- str.format -----------------------------------------------------------

struct FormatSpec {
  std::string fill = " ";
  char align = 0;
  char sign = '-';
  bool alternate = false;
  std::int64_t width = 0;
  char grouping = 0;
  std::int64_t precision = -1;
  char type = 0;
};

FormatSpec parse_format_spec(std::string_view text) {
  FormatSpec spec;
  std::size_t i = 0;
  const auto is_align = [](char c) { return c == '<' || c == '>' || c == '=' || c == '^'; };
  std::size_t after_first = 0;
  if (!text.empty()) {
    after_first = 0;
    decode_utf8(text, after_first);
  }
  if (after_first < text.size() && is_align(text[after_first])) {
    spec.fill = std::string(text.substr(0, after_first));
    spec.align = text[after_first];
    i = after_first + 1;
  } else if (!text.empty() && is_align(text[0])) {
    spec.align = text[0];
    i = 1;
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-' || text[i] == ' '))
    spec.sign = text[i++];
  if (i < text.size() && text[i] == '#') {
    spec.alternate = true;
    ++i;
  }
  if (i < text.size() && text[i] == '0') {
    if (spec.align == 0) {
      spec.fill.assign(1, '0');
      spec.align = '=';
    }
    ++i;
  }
  spec.width = parse_number(text, i);
  if (i < text.size() && (text[i] == ',' || text[i] == '_')) spec.grouping = text[i++];
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (i >= text.size() || text[i] < '0' || text[i] > '9') {
      raise(ErrorKind::invalid_argument, "Format specifier missing precision");
    }
    spec.precision = parse_number(text, i);
  }
  if (i < text.size()) spec.type = text[i++];
  if (i < text.size()) raise(ErrorKind::invalid_argument, "Invalid format specifier");
  return spec;
}

std::string group_digits(const std::string& digits, char separator, std::size_t every) {
  if (separator == 0) return digits;
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % every == 0) out += separator;
    out += digits[i];
  }
  return out;
}

std::string pad(const std::string& sign, const std::string& body, const FormatSpec& spec,
                char default_align, RenderBudget& budget) {
  const auto length = static_cast<std::int64_t>(code_point_count(sign) + code_point_count(body));
  if (spec.width <= length) return sign + body;
  const auto padding = static_cast<std::size_t>(spec.width - length);
  budget.check_string(sign.size() + body.size() + padding * spec.fill.size());
  const auto fill = [&](std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += spec.fill;
    return out;
  };
  switch (spec.align ? spec.align : default_align) {
    case '<':
      return sign + body + fill(padding);
    case '^':
      return fill(padding / 2) + sign + body + fill(padding - padding / 2);
    case '=':
      return sign + fill(padding) + body;
    default:
      return fill(padding) + sign + body;
  }
}

[[noreturn]] void raise_unknown_code(char type, const Value& value) {
  raise(ErrorKind::invalid_argument, "Unknown format code '{}' for object of type '{}'", type,
        value.type_name());
}

std::string format_float(double number, const FormatSpec& spec, const Value& value,
                         RenderBudget& budget) {
  char type = spec.type;
  std::string body;
  const double magnitude = std::fabs(number);
  if (type == 0 && spec.precision < 0) {
    body = float_repr(magnitude);
  } else if (type == 0) {
    // Like 'g', but fixed notation keeps a digit after the point.
    body =
        c_format_double(magnitude, 'g', spec.precision == 0 ? 1 : spec.precision, spec.alternate);
    if (std::isfinite(magnitude) && body.find_first_of(".e") == std::string::npos) body += ".0";
  } else if (type == '%') {
    body = c_format_double(magnitude * 100, 'f', spec.precision < 0 ? 6 : spec.precision,
                           spec.alternate) +
           "%";
  } else if (type == 'e' || type == 'E' || type == 'f' || type == 'F' || type == 'g' ||
             type == 'G' || type == 'n') {
    if (type == 'n') type = 'g';
    body =
        c_format_double(magnitude, type, spec.precision < 0 ? 6 : spec.precision, spec.alternate);
  } else {
    raise_unknown_code(type, value);
  }
  if (spec.grouping != 0) {
    const std::size_t integer_end = body.find_first_not_of("0123456789");
    body = group_digits(body.substr(0, integer_end), spec.grouping, 3) +
           (integer_end == std::string::npos ? "" : body.substr(integer_end));
  }
  const bool negative = std::signbit(number) && !std::isnan(number);
  const std::string sign = negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
  return pad(sign, body, spec, '>', budget);
}

std::string format_value(const Value& value, std::string_view spec_text, RenderBudget& budget) {
  if (spec_text.empty()) return to_str(value, budget.max_string_bytes());
  const FormatSpec spec = parse_format_spec(spec_text);
  if (value.is_string()) {
    if (spec.type != 0 && spec.type != 's') raise_unknown_code(spec.type, value);
    if (spec.align == '=') {
      raise(ErrorKind::invalid_argument, "'=' alignment not allowed in string format specifier");
    }
    return pad("", truncate_code_points(value.as_string(), spec.precision), spec, '<', budget);
  }
  if (value.is_floating()) return format_float(value.as_floating(), spec, value, budget);
  if (!value.is_integral()) {
    raise(ErrorKind::invalid_argument, "unsupported format string passed to {}.__format__",
          value.type_name());
  }
  const std::int64_t integer = value.integral_value();
  switch (spec.type) {
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%':
      return format_float(static_cast<double>(integer), spec, value, budget);
    case 'c': {
      std::string character;
      append_utf8(character, static_cast<char32_t>(integer));
      return pad("", character, spec, '<', budget);
    }
    case 0:
    case 'd':
    case 'n':
    case 'b':
    case 'o':
    case 'x':
    case 'X':
      break;
    default:
      raise_unknown_code(spec.type, value);
  }
  if (spec.precision >= 0) {
    raise(ErrorKind::invalid_argument, "Precision not allowed in integer format specifier");
  }
  const char type = spec.type == 0 || spec.type == 'n' ? 'd' : spec.type;
  const std::string digits =
      group_digits(integer_digits(magnitude_of(integer), type), spec.grouping, type == 'd' ? 3 : 4);
  std::string sign = integer < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
  if (spec.alternate && type != 'd') sign += std::string("0") + (type == 'X' ? 'X' : type);
  return pad(sign, digits, spec, '>', budget);
}

class BraceFormatter {
 public:
  BraceFormatter(const Arguments& arguments, RenderBudget& budget)
      : arguments_(arguments), budget_(budget) {}

  std::string format(std::string_view text, int depth) {
    if (depth > 2) raise(ErrorKind::invalid_argument, "Max string recursion exceeded");
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      const char c = text[i];
      if (c == '}') {
        if (i + 1 < text.size() && text[i + 1] == '}') {
          out += '}';
          i += 2;
          continue;
        }
        raise(ErrorKind::invalid_argument, "Single '}}' encountered in format string");
      }
      if (c != '{') {
        out += c;
        ++i;
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '{') {
        out += '{';
        i += 2;
        continue;
      }
      const std::size_t end = matching_brace(text, i);
      out += replace_field(text.substr(i + 1, end - i - 1), depth);
      budget_.check_string(out.size());
      i = end + 1;
    }
    return out;
  }

 private:
  static std::size_t matching_brace(std::string_view text, std::size_t open) {
    int nesting = 0;
    for (std::size_t i = open; i < text.size(); ++i) {
      if (text[i] == '{') ++nesting;
      if (text[i] == '}' && --nesting == 0) return i;
    }
    raise(ErrorKind::invalid_argument, "expected '}}' before end of string");
  }

  std::string replace_field(std::string_view field, int depth) {
    std::size_t name_end = 0;
    while (name_end < field.size() && field[name_end] != '!' && field[name_end] != ':') {
      if (field[name_end] == '[') {
        const std::size_t close = field.find(']', name_end);
        if (close == std::string_view::npos)
          raise(ErrorKind::invalid_argument, "Missing ']' in format string");
        name_end = close;
      }
      ++name_end;
    }
    Value value = resolve_field(field.substr(0, name_end));
    std::size_t i = name_end;
    if (i < field.size() && field[i] == '!') {
      if (i + 1 >= field.size()) {
        raise(ErrorKind::invalid_argument, "end of string while looking for conversion specifier");
      }
      const char conversion = field[i + 1];
      if (conversion == 'r' || conversion == 'a') {
        value = Value::string(to_repr(value, budget_.max_string_bytes()));
      } else if (conversion == 's') {
        value = Value::string(to_str(value, budget_.max_string_bytes()));
      } else {
        raise(ErrorKind::invalid_argument, "Unknown conversion specifier {}", conversion);
      }
      i += 2;
      if (i < field.size() && field[i] != ':') {
        raise(ErrorKind::invalid_argument, "expected ':' after conversion specifier");
      }
    }
    std::string spec;
    if (i < field.size()) spec = format(field.substr(i + 1), depth + 1);
    return format_value(value, spec, budget_);
  }

  Value resolve_field(std::string_view name) {
    std::size_t i = 0;
    while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
    const std::string_view first = name.substr(0, i);
    Value value;
    if (first.empty()) {
      if (numbering_ == Numbering::manual) {
        raise(ErrorKind::invalid_argument,
              "cannot switch from manual field specification to automatic field numbering");
      }
      numbering_ = Numbering::automatic;
      value = positional(next_automatic_++);
    } else if (first.find_first_not_of("0123456789") == std::string_view::npos) {
      if (numbering_ == Numbering::automatic) {
        raise(ErrorKind::invalid_argument,
              "cannot switch from automatic field numbering to manual field specification");
      }
      numbering_ = Numbering::manual;
      value = positional(static_cast<std::size_t>(std::stoull(std::string(first))));
    } else {
      const Value* keyword = arguments_.keyword(first);
      if (keyword == nullptr) raise(ErrorKind::invalid_argument, "KeyError: '{}'", first);
      value = *keyword;
    }
    while (i < name.size()) {
      if (name[i] == '.') {
        std::size_t end = i + 1;
        while (end < name.size() && name[end] != '.' && name[end] != '[') ++end;
        value = get_attribute(value, name.substr(i + 1, end - i - 1));
        i = end;
      } else {
        const std::size_t close = name.find(']', i);
        const std::string_view key = name.substr(i + 1, close - i - 1);
        const bool numeric =
            !key.empty() && key.find_first_not_of("0123456789") == std::string_view::npos;
        value = get_item(value, numeric ? Value::integer(std::stoll(std::string(key)))
                                        : Value::string(std::string(key)));
        i = close + 1;
      }
    }
    return value;
  }

  const Value& positional(std::size_t index) const {
    if (index >= arguments_.positional.size()) {
      raise(ErrorKind::invalid_argument,
            "Replacement index {} out of range for positional args tuple", index);
    }
    return arguments_.positional[index];
  }

  enum class Numbering { unknown, automatic, manual };

  const Arguments& arguments_;
  RenderBudget& budget_;
  Numbering numbering_ = Numbering::unknown;
  std::size_t next_automatic_ = 0;
};

}  // namespace

std::string percent_format(std::string_view format, const Value& arguments, RenderBudget& budget) {
  std::vector<Value> positional;
  if (arguments.is_tuple()) {
    positional = arguments.as_array().items;
  } else {
    positional.push_back(arguments);
  }
  const Dict* mapping = arguments.is_dict() ? &arguments.as_dict() : nullptr;
  // Python leaves arguments unconverted without complaint when they form
  // anything subscriptable but a tuple or str: a dict, and also a list.
  const bool unused_allowed = mapping != nullptr || arguments.is_undefined() ||
                              (arguments.is_array() && !arguments.is_tuple());
  std::size_t next = 0;
  const auto next_argument = [&]() -> const Value& {
    if (next >= positional.size()) {
      raise(ErrorKind::invalid_argument, "not enough arguments for format string");
    }
    return positional[next++];
  };

  std::string out;
  for (std::size_t i = 0; i < format.size();) {
    if (format[i] != '%') {
      out += format[i++];
      continue;
    }
    ++i;
    if (i >= format.size()) raise(ErrorKind::invalid_argument, "incomplete format");
    if (format[i] == '%') {
      out += '%';
      ++i;
      continue;
    }
    std::optional<Value> keyed;
    if (format[i] == '(') {
      if (arguments.is_undefined()) arguments.raise_undefined();
      if (mapping == nullptr) raise(ErrorKind::invalid_argument, "format requires a mapping");
      const std::size_t close = format.find(')', i);
      if (close == std::string_view::npos)
        raise(ErrorKind::invalid_argument, "incomplete format key");
      const std::string key(format.substr(i + 1, close - i - 1));
      const Value* found = mapping->find(key);
      if (found == nullptr) raise(ErrorKind::invalid_argument, "KeyError: '{}'", key);
      keyed = *found;
      i = close + 1;
    }
    PercentSpec spec;
    for (; i < format.size(); ++i) {
      const char flag = format[i];
      if (flag == '-') {
        spec.left = true;
      } else if (flag == '+') {
        spec.plus = true;
      } else if (flag == ' ') {
        spec.space = true;
      } else if (flag == '#') {
        spec.alternate = true;
      } else if (flag == '0') {
        spec.zero = true;
      } else {
        break;
      }
    }
    if (i < format.size() && format[i] == '*') {
      const Value& width = next_argument();
      if (!width.is_integral()) raise(ErrorKind::invalid_argument, "* wants int");
      spec.width = width.integral_value();
      if (spec.width < 0) {
        spec.left = true;
        spec.width = -spec.width;
      }
      ++i;
    } else {
      spec.width = parse_number(format, i);
    }
    if (i < format.size() && format[i] == '.') {
      ++i;
      if (i < format.size() && format[i] == '*') {
        const Value& precision = next_argument();
        if (!precision.is_integral()) raise(ErrorKind::invalid_argument, "* wants int");
        spec.precision = std::max<std::int64_t>(0, precision.integral_value());
        ++i;
      } else {
        spec.precision = parse_number(format, i);
      }
    }
    while (i < format.size() && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L')) ++i;
    if (i >= format.size()) raise(ErrorKind::invalid_argument, "incomplete format");
    spec.type = format[i++];
    if (std::string_view("sradiuoxXeEfFgGc").find(spec.type) == std::string_view::npos) {
      raise(ErrorKind::invalid_argument, "unsupported format character '{}' (0x{:x}) at index {}",
            spec.type, static_cast<unsigned>(static_cast<unsigned char>(spec.type)), i - 1);
    }
    out += percent_convert(keyed ? *keyed : next_argument(), spec, budget);
    budget.check_string(out.size());
  }
  if (next < positional.size() && !unused_allowed) {
    raise(ErrorKind::invalid_argument, "not all arguments converted during string formatting");
  }
  return out;
}

std::string brace_format(std::string_view format, const Arguments& arguments,
                         RenderBudget& budget) {
  return BraceFormatter(arguments, budget).format(format, 0);
}

}  // namespace hearth::chat::jinja
