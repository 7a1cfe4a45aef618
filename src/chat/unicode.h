// Python's view of text, for a Jinja interpreter that runs on UTF-8 bytes.
//
// Python strings are sequences of code points: len(), indexing and slicing
// count code points, and str.isspace(), str.upper() and repr() consult the
// Unicode database. These helpers give the interpreter the same answers for
// text held as UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::chat::jinja {

// Decodes the code point at text[position] and advances past it. A byte that
// does not start a valid sequence decodes as itself (0x80..0xFF) and advances
// one byte, so decoding always makes progress and never loses a byte.
char32_t decode_utf8(std::string_view text, std::size_t& position) noexcept;

// Appends `code_point` as UTF-8 (surrogates too, as Python strings may hold
// them).
void append_utf8(std::string& out, char32_t code_point);

bool is_valid_utf8(std::string_view text) noexcept;
bool is_ascii(std::string_view text) noexcept;

// Number of code points: Python's len(str).
std::size_t code_point_count(std::string_view text) noexcept;

// Byte offset of every code point, plus text.size() at the end, so code point
// i spans [offsets[i], offsets[i + 1]).
std::vector<std::size_t> code_point_offsets(std::string_view text);

// The code points of `text`, one string each: Python's list(str).
std::vector<std::string> split_code_points(std::string_view text);

// str.isspace() for one code point.
bool is_python_space(char32_t code_point) noexcept;
// str.isprintable() for one code point: what repr() leaves unescaped.
bool is_python_printable(char32_t code_point) noexcept;
bool is_cased(char32_t code_point) noexcept;
bool is_lowercase(char32_t code_point) noexcept;
bool is_uppercase(char32_t code_point) noexcept;
bool is_alphabetic(char32_t code_point) noexcept;
bool is_decimal_digit(char32_t code_point) noexcept;
bool is_numeric(char32_t code_point) noexcept;
// Python's regular expression \w: letters, digits and underscore.
bool is_word_character(char32_t code_point) noexcept;

// Appends the upper, lower or title case of one code point as str.upper(),
// str.lower() and str.title() do, including the full mappings that expand
// (U+00DF becomes "SS", U+FB01 "FI").
void append_upper(std::string& out, char32_t code_point);
void append_lower(std::string& out, char32_t code_point);
void append_title(std::string& out, char32_t code_point);

std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);

}  // namespace hearth::chat::jinja
