#include "word_tokenizer.h"

#include <utf8proc.h>

namespace hearth::privacy::names {
namespace {

enum class CharClass : std::uint8_t {
  upper,
  lower,
  other_letter,
  mark,
  digit,
  space,
  newline,
  punct,
  invalid
};

struct DecodedChar {
  CharClass cls = CharClass::invalid;
  std::size_t length = 1;
  std::int32_t code_point = -1;
};

DecodedChar decode_at(std::string_view text, std::size_t pos) {
  DecodedChar decoded;
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) {
    decoded.code_point = byte;
    if (byte == '\n' || byte == '\r') {
      decoded.cls = CharClass::newline;
    } else if (byte == ' ' || byte == '\t' || byte == '\f' || byte == '\v' || byte == 0) {
      // NUL is treated as a separator so that binary junk never glues words together.
      decoded.cls = CharClass::space;
    } else if (byte >= 'A' && byte <= 'Z') {
      decoded.cls = CharClass::upper;
    } else if (byte >= 'a' && byte <= 'z') {
      decoded.cls = CharClass::lower;
    } else if (byte >= '0' && byte <= '9') {
      decoded.cls = CharClass::digit;
    } else if (byte < 0x20 || byte == 0x7f) {
      decoded.cls = CharClass::invalid;
    } else {
      decoded.cls = CharClass::punct;
    }
    return decoded;
  }
  utf8proc_int32_t code_point = -1;
  const utf8proc_ssize_t length =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
  if (length <= 0 || code_point < 0) return decoded;
  decoded.length = static_cast<std::size_t>(length);
  decoded.code_point = code_point;
  switch (utf8proc_category(code_point)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      decoded.cls = CharClass::upper;
      break;
    case UTF8PROC_CATEGORY_LL:
      decoded.cls = CharClass::lower;
      break;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      decoded.cls = CharClass::other_letter;
      break;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      decoded.cls = CharClass::mark;
      break;
    case UTF8PROC_CATEGORY_ND:
      decoded.cls = CharClass::digit;
      break;
    case UTF8PROC_CATEGORY_ZS:
      decoded.cls = CharClass::space;
      break;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      decoded.cls = CharClass::newline;
      break;
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CN:
      decoded.cls = code_point == 0x85 ? CharClass::newline : CharClass::invalid;
      break;
    default:
      decoded.cls = CharClass::punct;
      break;
  }
  return decoded;
}

bool is_letter(CharClass cls) {
  return cls == CharClass::upper || cls == CharClass::lower || cls == CharClass::other_letter;
}
bool is_word_char(CharClass cls) {
  return is_letter(cls) || cls == CharClass::mark || cls == CharClass::digit;
}
bool is_apostrophe(std::int32_t code_point) {
  return code_point == '\'' || code_point == 0x2019;
}
bool is_hyphen(std::int32_t code_point) {
  return code_point == '-' || code_point == 0x2010;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<WordToken> run() {
    std::vector<WordToken> tokens;
    tokens.reserve(text_.size() / 5 + 1);
    bool newline_pending = false;
    bool space_pending = false;
    std::size_t pos = 0;
    while (pos < text_.size()) {
      const DecodedChar c = decode_at(text_, pos);
      if (c.cls == CharClass::space || c.cls == CharClass::newline) {
        space_pending = true;
        newline_pending = newline_pending || c.cls == CharClass::newline;
        pos += c.length;
        continue;
      }
      WordToken token;
      token.begin = pos;
      token.newline_before = newline_pending;
      token.space_before = space_pending;
      newline_pending = false;
      space_pending = false;
      if (is_word_char(c.cls)) {
        pos = scan_word(pos, token);
      } else {
        token.kind = c.cls == CharClass::punct ? TokenKind::punctuation : TokenKind::other;
        pos += c.length;
      }
      token.end = pos;
      tokens.push_back(token);
    }
    return tokens;
  }

 private:
  void note(CharClass cls, WordToken& token, bool first) {
    if (cls == CharClass::upper) {
      token.has_upper = true;
      if (first) token.starts_upper = true;
    } else if (cls == CharClass::lower) {
      token.has_lower = true;
    } else if (cls == CharClass::digit) {
      token.has_digit = true;
    }
  }

  // Scans letters, digits and marks, continuing across one inner joiner
  // (hyphen, apostrophe, or a '.'/',' between digits or inside an acronym)
  // when a word character follows it. Returns the end position.
  std::size_t scan_word(std::size_t pos, WordToken& token) {
    bool first_letter_seen = false;
    bool any_letter = false;
    std::size_t segment_letters = 0;  // letters since the last '.', for acronyms
    bool acronym = false;
    CharClass previous = CharClass::invalid;
    while (pos < text_.size()) {
      const DecodedChar c = decode_at(text_, pos);
      if (is_word_char(c.cls)) {
        note(c.cls, token, is_letter(c.cls) && !first_letter_seen);
        if (is_letter(c.cls)) {
          first_letter_seen = true;
          any_letter = true;
          ++segment_letters;
        }
        previous = c.cls;
        pos += c.length;
        continue;
      }
      if (pos + c.length >= text_.size()) break;
      const DecodedChar next = decode_at(text_, pos + c.length);
      if (!is_word_char(next.cls)) break;
      if (is_hyphen(c.code_point)) {
        pos += c.length;
        segment_letters = 0;
        continue;
      }
      if (is_apostrophe(c.code_point)) {
        // "Dana's" splits so the possessive is its own token; "O'Brien" and "don't" stay whole.
        if ((next.code_point == 's' || next.code_point == 'S') &&
            !continues_word(pos + c.length + next.length)) {
          break;
        }
        pos += c.length;
        continue;
      }
      if ((c.code_point == '.' || c.code_point == ',') && previous == CharClass::digit &&
          next.cls == CharClass::digit) {
        pos += c.length;
        continue;
      }
      if (c.code_point == '.' && is_letter(previous) && is_letter(next.cls) &&
          segment_letters <= 2 && short_segment_follows(pos + 1)) {
        acronym = true;
        segment_letters = 0;
        pos += c.length;
        continue;
      }
      break;
    }
    // "U.S." and "S.A." keep their final period: it is part of the abbreviation.
    if (acronym && pos < text_.size() && text_[pos] == '.') ++pos;
    token.kind = any_letter ? TokenKind::word : TokenKind::number;
    if (token.has_digit && token.kind == TokenKind::word) {
      // "3B" and "5th" are numbers with a suffix; "db42" and "A320" are words.
      const auto first = static_cast<unsigned char>(text_[token.begin]);
      if (first >= '0' && first <= '9') token.kind = TokenKind::number;
    }
    return pos;
  }

  bool continues_word(std::size_t pos) const {
    return pos < text_.size() && is_word_char(decode_at(text_, pos).cls);
  }

  // True when the letters starting at pos number one or two and end at '.'.
  bool short_segment_follows(std::size_t pos) const {
    std::size_t letters = 0;
    while (pos < text_.size() && letters <= 2) {
      const DecodedChar c = decode_at(text_, pos);
      if (!is_letter(c.cls)) return letters > 0 && c.code_point == '.';
      ++letters;
      pos += c.length;
    }
    return false;
  }

  std::string_view text_;
};

void append_utf8(std::string& out, std::int32_t code_point) {
  utf8proc_uint8_t buffer[4];
  const utf8proc_ssize_t length = utf8proc_encode_char(code_point, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

bool is_sentence_end(std::string_view token) {
  return token == "." || token == "!" || token == "?" || token == ";";
}

}  // namespace

std::vector<WordToken> tokenize_words(std::string_view text) {
  return Scanner(text).run();
}

void lowercase_token(std::string_view token, std::string& out) {
  out.clear();
  std::size_t pos = 0;
  while (pos < token.size()) {
    const auto byte = static_cast<unsigned char>(token[pos]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte + 32)
                                               : static_cast<char>(byte));
      ++pos;
      continue;
    }
    utf8proc_int32_t code_point = -1;
    const utf8proc_ssize_t length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(token.data() + pos),
                         static_cast<utf8proc_ssize_t>(token.size() - pos), &code_point);
    if (length <= 0 || code_point < 0) {
      out.push_back(token[pos]);
      ++pos;
      continue;
    }
    append_utf8(out, utf8proc_tolower(code_point));
    pos += static_cast<std::size_t>(length);
  }
}

std::vector<Segment> split_segments(std::string_view text, const std::vector<WordToken>& tokens) {
  std::vector<Segment> segments;
  std::size_t first = 0;
  std::size_t last_sentence_end = 0;  // index just after the latest sentence punctuation
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > first && tokens[i].newline_before) {
      segments.push_back({first, i});
      first = i;
      last_sentence_end = i;
    }
    if (i + 1 - first > kMaxSegmentTokens) {
      const std::size_t cut = last_sentence_end > first ? last_sentence_end : i;
      segments.push_back({first, cut});
      first = cut;
      last_sentence_end = cut;
    }
    const WordToken& token = tokens[i];
    if (token.kind == TokenKind::punctuation &&
        is_sentence_end(text.substr(token.begin, token.size()))) {
      last_sentence_end = i + 1;
    }
  }
  if (first < tokens.size()) segments.push_back({first, tokens.size()});
  return segments;
}

}  // namespace hearth::privacy::names
