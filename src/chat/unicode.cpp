#include "unicode.h"

#include <utf8proc.h>

namespace hearth::chat::jinja {
namespace {

utf8proc_category_t category(char32_t code_point) noexcept {
  return utf8proc_category(static_cast<utf8proc_int32_t>(code_point));
}

// Length of the valid sequence starting with `lead` and followed by the bytes
// at text[position + 1...], or 0 when it is not one.
std::size_t valid_sequence_length(std::string_view text, std::size_t position) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[position + i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (position + length > text.size()) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

// Lets a surrogate (ED A0..BF xx) through as well: Python strings may hold
// lone surrogates, written by a template as "\ud800".
std::size_t sequence_length(std::string_view text, std::size_t position) noexcept {
  if (const std::size_t length = valid_sequence_length(text, position)) return length;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[position + i]); };
  if (byte(0) == 0xED && position + 3 <= text.size() && byte(1) >= 0xA0 && byte(1) <= 0xBF &&
      byte(2) >= 0x80 && byte(2) <= 0xBF) {
    return 3;
  }
  return 0;
}

// The full case mappings of Python's str.upper() / str.title() that expand to
// more than one code point (Unicode's SpecialCasing.txt, without the Greek
// letters with iota subscript); the rest map one to one.
struct SpecialCase {
  char32_t code_point;
  std::u32string_view upper;
  std::u32string_view title;
};
constexpr SpecialCase kSpecialCases[] = {
    {0x00DF, U"SS", U"Ss"},
    {0x0149, U"\u02BCN", U"\u02BCN"},
    {0x01F0, U"J\u030C", U"J\u030C"},
    {0x0390, U"\u0399\u0308\u0301", U"\u0399\u0308\u0301"},
    {0x03B0, U"\u03A5\u0308\u0301", U"\u03A5\u0308\u0301"},
    {0x0587, U"\u0535\u0552", U"\u0535\u0582"},
    {0x1E96, U"H\u0331", U"H\u0331"},
    {0x1E97, U"T\u0308", U"T\u0308"},
    {0x1E98, U"W\u030A", U"W\u030A"},
    {0x1E99, U"Y\u030A", U"Y\u030A"},
    {0x1E9A, U"A\u02BE", U"A\u02BE"},
    {0xFB00, U"FF", U"Ff"},
    {0xFB01, U"FI", U"Fi"},
    {0xFB02, U"FL", U"Fl"},
    {0xFB03, U"FFI", U"Ffi"},
    {0xFB04, U"FFL", U"Ffl"},
    {0xFB05, U"ST", U"St"},
    {0xFB06, U"ST", U"St"},
    {0xFB13, U"\u0544\u0546", U"\u0544\u0576"},
    {0xFB14, U"\u0544\u0535", U"\u0544\u0565"},
    {0xFB15, U"\u0544\u053B", U"\u0544\u056B"},
    {0xFB16, U"\u054E\u0546", U"\u054E\u0576"},
    {0xFB17, U"\u0544\u053D", U"\u0544\u056D"},
};

const SpecialCase* find_special_case(char32_t code_point) noexcept {
  for (const SpecialCase& special : kSpecialCases) {
    if (special.code_point == code_point) return &special;
  }
  return nullptr;
}

}  // namespace

char32_t decode_utf8(std::string_view text, std::size_t& position) noexcept {
  const auto lead = static_cast<unsigned char>(text[position]);
  const std::size_t length = sequence_length(text, position);
  if (length <= 1) {
    ++position;
    return lead;
  }
  char32_t code_point = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[position + i]) & 0x3F);
  }
  position += length;
  return code_point;
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t length = valid_sequence_length(text, position);
    if (length == 0) return false;
    position += length;
  }
  return true;
}

bool is_ascii(std::string_view text) noexcept {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::size_t code_point_count(std::string_view text) noexcept {
  if (is_ascii(text)) return text.size();
  std::size_t count = 0;
  for (std::size_t position = 0; position < text.size(); ++count) decode_utf8(text, position);
  return count;
}

std::vector<std::size_t> code_point_offsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  offsets.reserve(text.size() + 1);
  std::size_t position = 0;
  while (position < text.size()) {
    offsets.push_back(position);
    decode_utf8(text, position);
  }
  offsets.push_back(text.size());
  return offsets;
}

std::vector<std::string> split_code_points(std::string_view text) {
  std::vector<std::string> characters;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t start = position;
    decode_utf8(text, position);
    characters.emplace_back(text.substr(start, position - start));
  }
  return characters;
}

bool is_python_space(char32_t code_point) noexcept {
  switch (code_point) {
    case U' ':
    case U'\t':
    case U'\n':
    case U'\v':
    case U'\f':
    case U'\r':
    case 0x1C:
    case 0x1D:
    case 0x1E:
    case 0x1F:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return code_point >= 0x2000 && code_point <= 0x200A;
  }
}

bool is_python_printable(char32_t code_point) noexcept {
  if (code_point == U' ') return true;
  switch (category(code_point)) {
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return false;
    default:
      return true;
  }
}

bool is_cased(char32_t code_point) noexcept {
  const utf8proc_category_t kind = category(code_point);
  return kind == UTF8PROC_CATEGORY_LU || kind == UTF8PROC_CATEGORY_LL ||
         kind == UTF8PROC_CATEGORY_LT;
}

bool is_lowercase(char32_t code_point) noexcept {
  return utf8proc_islower(static_cast<utf8proc_int32_t>(code_point)) != 0;
}

bool is_uppercase(char32_t code_point) noexcept {
  return utf8proc_isupper(static_cast<utf8proc_int32_t>(code_point)) != 0;
}

bool is_alphabetic(char32_t code_point) noexcept {
  const utf8proc_category_t kind = category(code_point);
  return kind >= UTF8PROC_CATEGORY_LU && kind <= UTF8PROC_CATEGORY_LO;
}

bool is_decimal_digit(char32_t code_point) noexcept {
  return category(code_point) == UTF8PROC_CATEGORY_ND;
}

bool is_numeric(char32_t code_point) noexcept {
  const utf8proc_category_t kind = category(code_point);
  return kind == UTF8PROC_CATEGORY_ND || kind == UTF8PROC_CATEGORY_NL ||
         kind == UTF8PROC_CATEGORY_NO;
}

bool is_word_character(char32_t code_point) noexcept {
  return code_point == U'_' || is_alphabetic(code_point) || is_numeric(code_point);
}

void append_upper(std::string& out, char32_t code_point) {
  if (const SpecialCase* special = find_special_case(code_point)) {
    for (const char32_t c : special->upper) append_utf8(out, c);
    return;
  }
  append_utf8(out,
              static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(code_point))));
}

void append_lower(std::string& out, char32_t code_point) {
  // U+0130 (I with dot) is the one full lower-case mapping longer than one
  // code point.
  if (code_point == 0x0130) {
    append_utf8(out, U'i');
    append_utf8(out, 0x0307);
    return;
  }
  append_utf8(out,
              static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(code_point))));
}

void append_title(std::string& out, char32_t code_point) {
  if (const SpecialCase* special = find_special_case(code_point)) {
    for (const char32_t c : special->title) append_utf8(out, c);
    return;
  }
  append_utf8(out,
              static_cast<char32_t>(utf8proc_totitle(static_cast<utf8proc_int32_t>(code_point))));
}

std::string to_upper(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t position = 0; position < text.size();) {
    append_upper(out, decode_utf8(text, position));
  }
  return out;
}

std::string to_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t position = 0; position < text.size();) {
    append_lower(out, decode_utf8(text, position));
  }
  return out;
}

}  // namespace hearth::chat::jinja
