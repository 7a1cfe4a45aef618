#include "calendar_dates.h"

#include <array>
#include <utility>

#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

bool day_fits_month(int day, int month) {
  static constexpr std::array<int, 12> kDaysInMonth = {31, 29, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= kDaysInMonth[month - 1];
}

bool year_plausible(int year, std::size_t digits) {
  return digits == 2 || (digits == 4 && year >= 1900 && year <= 2099);
}

// A run of 1..max_digits digits at `at`; returns its length (0 if none).
std::size_t read_number(std::string_view text, std::size_t at, std::size_t max_digits, int& value) {
  value = 0;
  std::size_t i = at;
  while (i < text.size() && is_digit(text[i]) && i - at < max_digits)
    value = value * 10 + (text[i++] - '0');
  if (i < text.size() && is_digit(text[i])) return 0;  // longer than allowed
  return i - at;
}

// January..December or their three-letter forms (with an optional '.'),
// case-insensitive, and the month names of the languages whose birth-date
// keywords are recognized (a form filled in French writes "12 janvier 1979");
// returns the length read and the month number.
std::size_t read_month_name(std::string_view text, std::size_t at, int& month) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  // French, Spanish, German, Italian, Portuguese and Dutch, in UTF-8.
  static constexpr std::pair<std::string_view, int> kForeignMonths[] = {{"janvier", 1},
                                                                        {"f\xC3\xA9vrier", 2},
                                                                        {"fevrier", 2},
                                                                        {"mars", 3},
                                                                        {"avril", 4},
                                                                        {"mai", 5},
                                                                        {"juin", 6},
                                                                        {"juillet", 7},
                                                                        {"ao\xC3\xBBt", 8},
                                                                        {"aout", 8},
                                                                        {"septembre", 9},
                                                                        {"octobre", 10},
                                                                        {"novembre", 11},
                                                                        {"d\xC3\xA9"
                                                                         "cembre",
                                                                         12},
                                                                        {"decembre", 12},
                                                                        {"enero", 1},
                                                                        {"febrero", 2},
                                                                        {"marzo", 3},
                                                                        {"abril", 4},
                                                                        {"mayo", 5},
                                                                        {"junio", 6},
                                                                        {"julio", 7},
                                                                        {"agosto", 8},
                                                                        {"septiembre", 9},
                                                                        {"setiembre", 9},
                                                                        {"octubre", 10},
                                                                        {"noviembre", 11},
                                                                        {"diciembre", 12},
                                                                        {"januar", 1},
                                                                        {"februar", 2},
                                                                        {"m\xC3\xA4rz", 3},
                                                                        {"maerz", 3},
                                                                        {"juni", 6},
                                                                        {"juli", 7},
                                                                        {"oktober", 10},
                                                                        {"dezember", 12},
                                                                        {"gennaio", 1},
                                                                        {"febbraio", 2},
                                                                        {"aprile", 4},
                                                                        {"maggio", 5},
                                                                        {"giugno", 6},
                                                                        {"luglio", 7},
                                                                        {"settembre", 9},
                                                                        {"ottobre", 10},
                                                                        {"dicembre", 12},
                                                                        {"janeiro", 1},
                                                                        {"fevereiro", 2},
                                                                        {"mar\xC3\xA7o", 3},
                                                                        {"maio", 5},
                                                                        {"junho", 6},
                                                                        {"julho", 7},
                                                                        {"setembro", 9},
                                                                        {"outubro", 10},
                                                                        {"novembro", 11},
                                                                        {"dezembro", 12},
                                                                        {"januari", 1},
                                                                        {"februari", 2},
                                                                        {"maart", 3},
                                                                        {"mei", 5},
                                                                        {"augustus", 8}};
  std::size_t word_end = at;
  auto word_byte = [](char c) { return is_alpha(c) || static_cast<unsigned char>(c) >= 0x80; };
  while (word_end < text.size() && word_byte(text[word_end]) && word_end - at < 12) ++word_end;
  if (word_end < text.size() && word_byte(text[word_end])) return 0;
  const std::string word = to_lower_ascii(text.substr(at, word_end - at));
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    const bool full = word == kMonths[m];
    const bool abbreviated = word.size() == 3 && kMonths[m].substr(0, 3) == word;
    const bool sept = word == "sept" && m == 8;
    if (full || abbreviated || sept) {
      month = static_cast<int>(m) + 1;
      std::size_t length = word.size();
      if (!full && word_end < text.size() && text[word_end] == '.') ++length;
      return length;
    }
  }
  for (const auto& [name, number] : kForeignMonths)
    if (word == name) {
      month = number;
      return word.size();
    }
  return 0;
}

std::size_t skip_ordinal_suffix(std::string_view text, std::size_t at) {
  if (at + 2 <= text.size()) {
    const std::string suffix = to_lower_ascii(text.substr(at, 2));
    if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") &&
        (at + 2 == text.size() || !is_alpha(text[at + 2])))
      return at + 2;
  }
  return at;
}

std::size_t skip_spaces_and(std::string_view text, std::size_t at, std::string_view also) {
  while (at < text.size() && (text[at] == ' ' || also.find(text[at]) != std::string_view::npos))
    ++at;
  return at;
}

bool ends_at_boundary(std::string_view text, std::size_t end) {
  if (end == text.size()) return true;
  if (is_alnum(text[end])) return false;
  // "14.03.1985.5" or "1985-03-14-2" continue a longer number.
  return !((text[end] == '.' || text[end] == '-' || text[end] == '/') && end + 1 < text.size() &&
           is_digit(text[end + 1]));
}

// Numeric dates: Y-M-D, D-M-Y or M-D-Y with one separator throughout, or
// eight digits YYYYMMDD.
std::size_t numeric_date_length(std::string_view text, std::size_t at) {
  int first, second, third;
  const std::size_t first_length = read_number(text, at, 4, first);
  if (first_length == 0) return 0;
  std::size_t i = at + first_length;
  if (i >= text.size() || (text[i] != '-' && text[i] != '/' && text[i] != '.')) return 0;
  const char separator = text[i++];
  const std::size_t second_length = read_number(text, i, 2, second);
  if (second_length == 0) return 0;
  i += second_length;
  if (i >= text.size() || text[i] != separator) return 0;
  ++i;
  const std::size_t third_length = read_number(text, i, 4, third);
  if (third_length == 0) return 0;
  i += third_length;
  if (!ends_at_boundary(text, i)) return 0;
  if (first_length == 4) {
    return third_length <= 2 && year_plausible(first, 4) && day_fits_month(third, second) ? i - at
                                                                                          : 0;
  }
  if (first_length > 2 || (third_length != 2 && third_length != 4)) return 0;
  if (!year_plausible(third, third_length)) return 0;
  return day_fits_month(first, second) || day_fits_month(second, first) ? i - at : 0;
}

std::size_t compact_date_length(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && is_digit(text[end]) && end - at < 9) ++end;
  if (end - at != 8 || !ends_at_boundary(text, end)) return 0;
  auto number = [&](std::size_t offset, std::size_t length) {
    int value = 0;
    for (std::size_t k = 0; k < length; ++k) value = value * 10 + (text[at + offset + k] - '0');
    return value;
  };
  return year_plausible(number(0, 4), 4) && day_fits_month(number(6, 2), number(4, 2)) ? 8 : 0;
}

// "March 14, 1985", "Mar. 14th 1985".
std::size_t month_first_length(std::string_view text, std::size_t at) {
  int month, day, year;
  const std::size_t month_length = read_month_name(text, at, month);
  if (month_length == 0) return 0;
  std::size_t i = skip_spaces_and(text, at + month_length, "-");
  const std::size_t day_length = read_number(text, i, 2, day);
  if (day_length == 0) return 0;
  i = skip_ordinal_suffix(text, i + day_length);
  i = skip_spaces_and(text, i, ",-");
  const std::size_t year_length = read_number(text, i, 4, year);
  if (year_length != 4 || !year_plausible(year, 4)) return 0;
  i += year_length;
  return day_fits_month(day, month) && ends_at_boundary(text, i) ? i - at : 0;
}

// "14 March 1985", "14th of March, 1985", "14-Mar-1985", "14 Mar 85".
std::size_t day_first_length(std::string_view text, std::size_t at) {
  int day, month, year;
  const std::size_t day_length = read_number(text, at, 2, day);
  if (day_length == 0) return 0;
  std::size_t i = skip_ordinal_suffix(text, at + day_length);
  i = skip_spaces_and(text, i, "-");
  // "14th of March", "5 de marzo de 1988", "14. März 1990".
  if (i < text.size() && text[i] == '.') i = skip_spaces_and(text, i + 1, "");
  for (std::string_view joiner : {"of ", "de "})
    if (i + 3 <= text.size() && to_lower_ascii(text.substr(i, 3)) == joiner) i += 3;
  const std::size_t month_length = read_month_name(text, i, month);
  if (month_length == 0) return 0;
  i = skip_spaces_and(text, i + month_length, ",-");
  if (i + 3 <= text.size() && to_lower_ascii(text.substr(i, 3)) == "de ") i += 3;
  const std::size_t year_length = read_number(text, i, 4, year);
  if ((year_length != 4 && year_length != 2) || !year_plausible(year, year_length)) return 0;
  i += year_length;
  return day_fits_month(day, month) && ends_at_boundary(text, i) ? i - at : 0;
}

}  // namespace

std::size_t date_length_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 0;
  if (is_digit(text[at])) {
    if (std::size_t length = numeric_date_length(text, at)) return length;
    if (std::size_t length = compact_date_length(text, at)) return length;
    return day_first_length(text, at);
  }
  if (is_alpha(text[at])) return month_first_length(text, at);
  return 0;
}

}  // namespace hearth::privacy::structured
