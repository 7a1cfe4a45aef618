#include "lexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <limits>

#include "hearth/util/error.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

// jinja2 joins the source's lines with "\n" (so "\r\n" and "\r" become "\n")
// and, without keep_trailing_newline, drops one newline at the very end.
std::string normalize_newlines(std::string_view source) {
  std::string out;
  out.reserve(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out += source[i];
    }
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_digit_in_base(char c, int base) {
  switch (base) {
    case 2:
      return c == '0' || c == '1';
    case 8:
      return c >= '0' && c <= '7';
    case 16:
      return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    default:
      return is_ascii_digit(c);
  }
}

// Python's str.rstrip() without arguments.
std::string_view rstrip_python(std::string_view text) {
  std::size_t keep = 0;
  for (std::size_t position = 0; position < text.size();) {
    if (!is_python_space(decode_utf8(text, position))) keep = position;
  }
  return text.substr(0, keep);
}

// The longest operators first, as jinja2 matches them.
constexpr std::array<std::string_view, 6> kTwoCharacterSymbols = {
    "**", "//", "==", "!=", ">=", "<="};
constexpr std::string_view kOneCharacterSymbols = "+-/*%~[](){}><=.:|,;";

class Lexer {
 public:
  explicit Lexer(std::string source) : source_(std::move(source)) {
    for (std::size_t i = 0; i < source_.size(); ++i) {
      if (source_[i] == '\n') newlines_.push_back(i);
    }
  }

  std::vector<Token> run() {
    std::size_t position = 0;
    while (position < source_.size()) {
      const std::size_t tag = find_tag_start(position);
      if (tag == std::string_view::npos) {
        emit_text(std::string_view(source_).substr(position), position);
        break;
      }
      position = lex_tag(position, tag);
    }
    tokens_.push_back(Token{TokenKind::end, {}, {}, line_at(source_.size())});
    return std::move(tokens_);
  }

 private:
  int line_at(std::size_t position) const {
    return static_cast<int>(std::lower_bound(newlines_.begin(), newlines_.end(), position) -
                            newlines_.begin()) +
           1;
  }

  [[noreturn]] void fail(std::size_t position, std::string_view message) const {
    raise(ErrorKind::invalid_data, "template line {}: {}", line_at(position), message);
  }

  bool starts_with(std::size_t position, std::string_view text) const {
    return std::string_view(source_).substr(position, text.size()) == text;
  }

  std::size_t skip_spaces(std::size_t position) const {
    while (position < source_.size()) {
      std::size_t next = position;
      if (!is_python_space(decode_utf8(source_, next))) break;
      position = next;
    }
    return position;
  }

  // Whether the last character a match consumed was a newline: lstrip_blocks
  // then applies to the start of the text that follows, as at a line start.
  void note_match_end(std::size_t end) { line_starting_ = end > 0 && source_[end - 1] == '\n'; }

  std::size_t find_tag_start(std::size_t from) const {
    for (std::size_t i = source_.find('{', from); i != std::string::npos;
         i = source_.find('{', i + 1)) {
      if (i + 1 < source_.size() &&
          (source_[i + 1] == '{' || source_[i + 1] == '%' || source_[i + 1] == '#')) {
        return i;
      }
    }
    return std::string::npos;
  }

  void emit_text(std::string_view text, std::size_t position) {
    if (!text.empty())
      tokens_.push_back(Token{TokenKind::text, std::string(text), {}, line_at(position)});
  }

  // The text before a tag loses its trailing whitespace to "-", or to
  // lstrip_blocks the whitespace after the last newline when nothing else is
  // there (jinja2 tests it with Python's \s, so a no-break space counts).
  std::string_view strip_before_tag(std::string_view text, char sign, bool is_variable) const {
    if (sign == '-') return rstrip_python(text);
    if (sign == '+' || is_variable) return text;
    const std::size_t newline = text.rfind('\n');
    const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
    if (line_start == 0 && !line_starting_) return text;
    const std::string_view tail = text.substr(line_start);
    return rstrip_python(tail).empty() ? text.substr(0, line_start) : text;
  }

  std::size_t lex_tag(std::size_t text_start, std::size_t tag) {
    const char type = source_[tag + 1];
    std::size_t after = tag + 2;
    char sign = 0;
    if (after < source_.size() && (source_[after] == '-' || source_[after] == '+')) {
      sign = source_[after++];
    }
    const std::string_view text = std::string_view(source_).substr(text_start, tag - text_start);
    emit_text(strip_before_tag(text, sign, type == '{'), text_start);

    if (type == '%') {
      if (const std::size_t raw_body = match_raw_begin(after); raw_body != std::string::npos) {
        note_match_end(raw_body);
        return lex_raw_body(raw_body);
      }
    }
    line_starting_ = false;
    if (type == '#') return lex_comment(tag, after);
    return lex_expression_tag(tag, after, type == '%');
  }

  // `{%-? raw -?%}`: returns where the raw text starts, or npos.
  std::size_t match_raw_begin(std::size_t position) const {
    position = skip_spaces(position);
    if (!starts_with(position, "raw")) return std::string::npos;
    position = skip_spaces(position + 3);
    if (starts_with(position, "-%}")) return skip_spaces(position + 3);
    if (starts_with(position, "%}")) return position + 2;
    return std::string::npos;
  }

  std::size_t lex_raw_body(std::size_t body) {
    for (std::size_t tag = source_.find("{%", body); tag != std::string::npos;
         tag = source_.find("{%", tag + 1)) {
      std::size_t position = tag + 2;
      char sign = 0;
      if (position < source_.size() && (source_[position] == '-' || source_[position] == '+')) {
        sign = source_[position++];
      }
      position = skip_spaces(position);
      if (!starts_with(position, "endraw")) continue;
      position = skip_spaces(position + 6);
      const std::size_t end = match_block_end(position);
      if (end == std::string::npos) continue;
      const std::string_view text = std::string_view(source_).substr(body, tag - body);
      emit_text(strip_before_tag(text, sign, false), body);
      note_match_end(end);
      return end;
    }
    fail(body, "missing end of raw directive");
  }

  std::size_t lex_comment(std::size_t tag, std::size_t content) {
    const std::size_t close = source_.find("#}", content);
    if (close == std::string::npos) fail(tag, "missing end of comment tag");
    const char sign = close > content ? source_[close - 1] : 0;
    std::size_t end = close + 2;
    if (sign == '-') {
      end = skip_spaces(end);
    } else if (sign != '+' && end < source_.size() && source_[end] == '\n') {
      ++end;  // trim_blocks
    }
    note_match_end(end);
    return end;
  }

  // "+%}", "-%}" and the whitespace after it, or "%}" and (trim_blocks) one
  // newline; npos when none starts at `position`.
  std::size_t match_block_end(std::size_t position) const {
    if (starts_with(position, "+%}")) return position + 3;
    if (starts_with(position, "-%}")) return skip_spaces(position + 3);
    if (starts_with(position, "%}")) {
      position += 2;
      if (position < source_.size() && source_[position] == '\n') ++position;
      return position;
    }
    return std::string::npos;
  }

  std::size_t match_variable_end(std::size_t position) const {
    if (starts_with(position, "-}}")) return skip_spaces(position + 3);
    if (starts_with(position, "}}")) return position + 2;
    return std::string::npos;
  }

  std::size_t lex_expression_tag(std::size_t tag, std::size_t position, bool is_block) {
    tokens_.push_back(
        Token{is_block ? TokenKind::block_begin : TokenKind::variable_begin, {}, {}, line_at(tag)});
    std::string open_brackets;
    while (true) {
      if (position >= source_.size()) {
        fail(tag, is_block ? "missing end of block tag '%}'" : "missing end of print tag '}}'");
      }
      if (open_brackets.empty()) {
        const std::size_t end = is_block ? match_block_end(position) : match_variable_end(position);
        if (end != std::string::npos) {
          tokens_.push_back(Token{is_block ? TokenKind::block_end : TokenKind::variable_end,
                                  {},
                                  {},
                                  line_at(position)});
          note_match_end(end);
          return end;
        }
      }
      const std::size_t after_spaces = skip_spaces(position);
      if (after_spaces != position) {
        position = after_spaces;
        continue;
      }
      position = lex_expression_token(position, open_brackets);
    }
  }

  std::size_t lex_expression_token(std::size_t position, std::string& open_brackets) {
    if (const std::size_t end = lex_float(position); end != std::string::npos) return end;
    if (const std::size_t end = lex_integer(position); end != std::string::npos) return end;
    if (const std::size_t end = lex_name(position); end != std::string::npos) return end;
    const char c = source_[position];
    if (c == '\'' || c == '"') return lex_string(position);
    for (const std::string_view symbol : kTwoCharacterSymbols) {
      if (starts_with(position, symbol)) {
        tokens_.push_back(Token{TokenKind::symbol, std::string(symbol), {}, line_at(position)});
        return position + 2;
      }
    }
    if (kOneCharacterSymbols.find(c) == std::string_view::npos) {
      std::size_t next = position;
      std::string character;
      append_utf8(character, decode_utf8(source_, next));
      fail(position, fmt::format("unexpected character '{}'", character));
    }
    balance(position, c, open_brackets);
    tokens_.push_back(Token{TokenKind::symbol, std::string(1, c), {}, line_at(position)});
    return position + 1;
  }

  void balance(std::size_t position, char c, std::string& open_brackets) const {
    switch (c) {
      case '(':
        open_brackets += ')';
        return;
      case '[':
        open_brackets += ']';
        return;
      case '{':
        open_brackets += '}';
        return;
      case ')':
      case ']':
      case '}':
        if (open_brackets.empty()) fail(position, fmt::format("unexpected '{}'", c));
        if (open_brackets.back() != c) {
          fail(position, fmt::format("unexpected '{}', expected '{}'", c, open_brackets.back()));
        }
        open_brackets.pop_back();
        return;
      default:
        return;
    }
  }

  // `(\d+_)*\d+`: digits, single underscores between them.
  std::size_t match_digits(std::size_t position, int base = 10) const {
    if (position >= source_.size() || !is_digit_in_base(source_[position], base)) {
      return std::string::npos;
    }
    while (position < source_.size()) {
      if (is_digit_in_base(source_[position], base)) {
        ++position;
      } else if (source_[position] == '_' && position + 1 < source_.size() &&
                 is_digit_in_base(source_[position + 1], base)) {
        position += 2;
      } else {
        break;
      }
    }
    return position;
  }

  std::string without_underscores(std::size_t begin, std::size_t end) const {
    std::string digits;
    for (std::size_t i = begin; i < end; ++i) {
      if (source_[i] != '_') digits += source_[i];
    }
    return digits;
  }

  std::size_t lex_float(std::size_t position) {
    if (position > 0 && source_[position - 1] == '.') return std::string::npos;
    const std::size_t whole_end = match_digits(position);
    if (whole_end == std::string::npos) return std::string::npos;
    std::size_t fraction_end = std::string::npos;
    if (whole_end < source_.size() && source_[whole_end] == '.') {
      fraction_end = match_digits(whole_end + 1);
    }
    const auto exponent_end = [&](std::size_t at) {
      if (at >= source_.size() || (source_[at] != 'e' && source_[at] != 'E')) {
        return std::string::npos;
      }
      ++at;
      if (at < source_.size() && (source_[at] == '+' || source_[at] == '-')) ++at;
      return match_digits(at);
    };
    std::size_t end = std::string::npos;
    if (fraction_end != std::string::npos) {
      end = exponent_end(fraction_end);
      if (end == std::string::npos) end = fraction_end;
    } else {
      end = exponent_end(whole_end);
    }
    if (end == std::string::npos) return std::string::npos;
    const std::string text = without_underscores(position, end);
    double value = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), value).ec ==
        std::errc::result_out_of_range) {
      // Python reads an overflowing literal as inf and an underflowing one as 0.
      const bool negative_exponent =
          text.find("e-") != std::string::npos || text.find("E-") != std::string::npos;
      value = negative_exponent ? 0.0 : std::numeric_limits<double>::infinity();
    }
    tokens_.push_back(Token{TokenKind::floating, text, Value::floating(value), line_at(position)});
    return end;
  }

  std::size_t lex_integer(std::size_t position) {
    if (!is_ascii_digit(source_[position])) return std::string::npos;
    int base = 10;
    std::size_t digits_begin = position;
    std::size_t end = std::string::npos;
    if (source_[position] == '0' && position + 1 < source_.size()) {
      const char prefix = static_cast<char>(source_[position + 1] | 0x20);
      base = prefix == 'b' ? 2 : prefix == 'o' ? 8 : prefix == 'x' ? 16 : 10;
      if (base != 10) {
        // `0x(_?[\da-f])+`: an underscore may also follow the prefix.
        std::size_t at = position + 2;
        if (at < source_.size() && source_[at] == '_') ++at;
        end = match_digits(at, base);
        digits_begin = position + 2;
        if (end == std::string::npos) base = 10;
      }
    }
    if (base == 10) {
      digits_begin = position;
      if (source_[position] == '0') {
        end = position + 1;  // `0(_?0)*`
        while (end < source_.size() &&
               (source_[end] == '0' ||
                (source_[end] == '_' && end + 1 < source_.size() && source_[end + 1] == '0'))) {
          end += source_[end] == '_' ? 2 : 1;
        }
      } else {
        end = match_digits(position);
      }
    }
    const std::string digits = without_underscores(digits_begin, end);
    errno = 0;
    char* parsed_end = nullptr;
    const unsigned long long magnitude = std::strtoull(digits.c_str(), &parsed_end, base);
    if (errno == ERANGE ||
        magnitude > static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max())) {
      fail(position, "integer literal too large");
    }
    tokens_.push_back(Token{TokenKind::integer, std::string(source_, position, end - position),
                            Value::integer(static_cast<std::int64_t>(magnitude)),
                            line_at(position)});
    return end;
  }

  bool is_name_character(std::size_t position, bool first, std::size_t& next) const {
    next = position;
    const char32_t c = decode_utf8(source_, next);
    if (c < 0x80) {
      return c == U'_' || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
             (!first && c >= U'0' && c <= U'9');
    }
    return is_alphabetic(c) || (!first && is_numeric(c));
  }

  std::size_t lex_name(std::size_t position) {
    std::size_t next = position;
    if (!is_name_character(position, true, next)) return std::string::npos;
    std::size_t end = next;
    while (end < source_.size() && is_name_character(end, false, next)) end = next;
    tokens_.push_back(Token{
        TokenKind::name, std::string(source_, position, end - position), {}, line_at(position)});
    return end;
  }

  std::size_t lex_string(std::size_t position) {
    const char quote = source_[position];
    std::size_t end = position + 1;
    while (end < source_.size() && source_[end] != quote) {
      if (source_[end] == '\\' && end + 1 < source_.size()) ++end;
      ++end;
    }
    if (end >= source_.size()) fail(position, "unterminated string literal");
    std::string value =
        unescape(position, std::string_view(source_).substr(position + 1, end - position - 1));
    tokens_.push_back(Token{TokenKind::string, value, Value::string(value), line_at(position)});
    return end + 1;
  }

  // jinja2 decodes a literal with Python's "unicode-escape" codec after
  // writing its non-ASCII characters as \x, \u or \U escapes; so escapes mean
  // what they mean in Python, an unknown escape keeps its backslash, and a
  // backslash before a non-ASCII character yields that escape's text.
  std::string unescape(std::size_t position, std::string_view body) const {
    std::string out;
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size();) {
      if (body[i] != '\\') {
        out += body[i++];
        continue;
      }
      if (i + 1 >= body.size()) fail(position, "string literal ends with a backslash");
      const char escape = body[i + 1];
      i += 2;
      switch (escape) {
        case '\n':
          break;  // a line continuation
        case '\\':
          out += '\\';
          break;
        case '\'':
          out += '\'';
          break;
        case '"':
          out += '"';
          break;
        case 'a':
          out += '\a';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'v':
          out += '\v';
          break;
        case 'x':
          append_utf8(out, hex_escape(position, body, i, 2));
          break;
        case 'u':
          append_utf8(out, hex_escape(position, body, i, 4));
          break;
        case 'U': {
          const char32_t code_point = hex_escape(position, body, i, 8);
          if (code_point > 0x10FFFF) fail(position, "illegal Unicode character in string literal");
          append_utf8(out, code_point);
          break;
        }
        case 'N':
          fail(position, "named Unicode escapes (\\N{...}) are not supported");
        default:
          if (escape >= '0' && escape <= '7') {
            char32_t code_point = static_cast<char32_t>(escape - '0');
            for (int digits = 1; digits < 3 && i < body.size() && body[i] >= '0' && body[i] <= '7';
                 ++digits) {
              code_point = code_point * 8 + static_cast<char32_t>(body[i++] - '0');
            }
            append_utf8(out, code_point);
          } else if (static_cast<unsigned char>(escape) >= 0x80) {
            std::size_t next = i - 1;
            const char32_t c = decode_utf8(body, next);
            i = next;
            out += '\\';
            out += c <= 0xFF     ? fmt::format("x{:02x}", static_cast<unsigned>(c))
                   : c <= 0xFFFF ? fmt::format("u{:04x}", static_cast<unsigned>(c))
                                 : fmt::format("U{:08x}", static_cast<unsigned>(c));
          } else {
            out += '\\';
            out += escape;
          }
      }
    }
    return out;
  }

  char32_t hex_escape(std::size_t position, std::string_view body, std::size_t& i,
                      int digits) const {
    char32_t code_point = 0;
    for (int k = 0; k < digits; ++k, ++i) {
      if (i >= body.size() || !is_digit_in_base(body[i], 16)) {
        fail(position, "truncated \\x, \\u or \\U escape in string literal");
      }
      const char c = body[i];
      code_point = code_point * 16 +
                   static_cast<char32_t>(is_ascii_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return code_point;
  }

  std::string source_;
  std::vector<std::size_t> newlines_;
  std::vector<Token> tokens_;
  bool line_starting_ = true;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) {
  return Lexer(normalize_newlines(source)).run();
}

}  // namespace hearth::chat::jinja
