#include "keyword_recognizers.h"

#include <algorithm>
#include <string>

#include "calendar_dates.h"
#include "context_words.h"
#include "detected.h"
#include "field_lead_in.h"
#include "text_shape.h"

namespace hearth::privacy::structured {

std::optional<Detection> confirm_birth_date(std::string_view text, std::size_t keyword_end) {
  // "DOBBS" or "bornholm": the keyword must end a word.
  if (keyword_end < text.size() && is_alpha(text[keyword_end])) return std::nullopt;
  const std::size_t at = value_start_after(text, keyword_end,
                                           {"on", "is", "was", "of", "the", "mm/dd/yyyy",
                                            "dd/mm/yyyy", "yyyy-mm-dd", "dd.mm.yyyy", "date"});
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t length = date_length_at(text, at);
  if (length == 0) return std::nullopt;
  return detected(EntityType::date_of_birth, at, at + length, 0.9f, "date_of_birth");
}

namespace {

// An identity-document number: upper-case letters and digits, optionally in
// groups joined by single '-' or ' ' where the later groups are digits
// ("S530-4612-9012", "123 456 789"). Returns its length, 0 if the shape or
// digit count does not fit.
std::size_t document_number_length(std::string_view text, std::size_t at, std::size_t min_length,
                                   std::size_t max_length, std::size_t min_digits) {
  std::size_t end = at;
  while (end < text.size() && (is_upper(text[end]) || is_digit(text[end]))) ++end;
  if (end == at) return 0;
  while (end + 1 < text.size() && (text[end] == '-' || text[end] == ' ') &&
         is_digit(text[end + 1])) {
    std::size_t group_end = end + 1;
    while (group_end < text.size() && is_digit(text[group_end])) ++group_end;
    if (group_end < text.size() && is_alpha(text[group_end])) break;
    end = group_end;
  }
  if (!ends_token(text, end)) return 0;
  const std::string_view number = text.substr(at, end - at);
  if (number.size() < min_length || number.size() > max_length) return 0;
  if (count_digits(number) < min_digits) return 0;
  return number.size();
}

}  // namespace

namespace {

// How far into an object named by the keyword its number field is looked
// for: a handful of short fields ("state", "class", "expires") come first.
constexpr std::size_t kMaxNestedObject = 160;

bool nested_number_key(std::string_view lower_key) {
  return lower_key == "number" || lower_key == "no" || lower_key == "num" || lower_key == "nr" ||
         lower_key == "id" || lower_key == "value" || lower_key.ends_with("_number") ||
         lower_key.ends_with("_no") || lower_key.ends_with("number");
}

// The keyword names an object rather than a value: the value is its
// number field. JSON ("license": {"state": "NY", "number": "311236503"})
// or YAML (the fields indented on the lines below "passport:"). Returns
// where that field's value starts, npos when there is none.
std::size_t nested_number_field(std::string_view text, std::size_t keyword_end) {
  std::size_t at = keyword_end;
  while (at < text.size() && at - keyword_end < 6 &&
         (text[at] == '"' || text[at] == '\'' || text[at] == ':' || text[at] == ' ' ||
          text[at] == '\t' || text[at] == '\r'))
    ++at;
  if (at >= text.size() || (text[at] != '{' && text[at] != '\n')) return std::string_view::npos;
  const bool json = text[at] == '{';
  const std::size_t limit = std::min(text.size(), at + kMaxNestedObject);
  for (std::size_t i = at + 1; i < limit;) {
    if (json && text[i] == '}') break;
    if (!is_alpha(text[i])) {
      ++i;
      continue;
    }
    std::size_t key_end = i;
    while (key_end < limit && (is_alnum(text[key_end]) || text[key_end] == '_')) ++key_end;
    const bool starts_key = text[i - 1] == '"' || text[i - 1] == '\'' || text[i - 1] == ' ' ||
                            text[i - 1] == '\n' || text[i - 1] == '{' || text[i - 1] == ',';
    std::size_t separator = key_end;
    if (separator < limit && (text[separator] == '"' || text[separator] == '\'')) ++separator;
    while (separator < limit && text[separator] == ' ') ++separator;
    if (starts_key && separator < limit && (text[separator] == ':' || text[separator] == '=') &&
        nested_number_key(to_lower_ascii(text.substr(i, key_end - i))))
      return value_start_after(text, separator, {});
    // YAML: the object ends at the first line that is not indented.
    if (!json && text[i - 1] == '\n') break;
    i = key_end;
  }
  return std::string_view::npos;
}

// Where the number starts after a two- or three-letter country code and a
// space ("GB 123456789", "USA 533380006"); 0 when `at` holds no such code.
std::size_t after_country_code(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && is_upper(text[end]) && end - at < 4) ++end;
  if (end - at < 2 || end - at > 3 || end + 1 >= text.size() || text[end] != ' ' ||
      !(is_digit(text[end + 1]) || is_upper(text[end + 1])))
    return 0;
  return end + 1;
}

// A document number read after its keyword, directly or in the object the
// keyword names.
std::optional<Detection> document_number_after(
    std::string_view text, std::size_t keyword_end, std::initializer_list<std::string_view> fillers,
    std::size_t (*length_at)(std::string_view, std::size_t), EntityType type, float confidence,
    std::string_view recognizer) {
  for (const std::size_t at :
       {value_start_after(text, keyword_end, fillers), nested_number_field(text, keyword_end)}) {
    if (at == std::string_view::npos) continue;
    if (const std::size_t length = length_at(text, at))
      return detected(type, at, at + length, confidence, recognizer);
    // The issuing country's code before the number: "Passport: GB 123456789".
    const std::size_t number_at = after_country_code(text, at);
    if (const std::size_t length = number_at ? length_at(text, number_at) : 0)
      return detected(type, number_at, number_at + length, confidence, recognizer);
  }
  return std::nullopt;
}

// A software licence ("License: MIT", "license key ABCD-1234") has letters
// or groups; a driving licence number after a bare "license" is up to two
// letters, then digits.
std::size_t digit_led_license_length(std::string_view text, std::size_t at) {
  std::size_t digits_begin = at;
  while (digits_begin < text.size() && digits_begin - at < 2 && is_upper(text[digits_begin]))
    ++digits_begin;
  std::size_t end = digits_begin;
  while (end < text.size() && is_digit(text[end])) ++end;
  if (end - digits_begin < 6 || end - at > 14 || !ends_token(text, end)) return 0;
  return end - at;
}

}  // namespace

std::size_t passport_number_length_at(std::string_view text, std::size_t at) {
  const std::size_t length = document_number_length(text, at, 6, 10, 5);
  if (length == 0 || text.substr(at, length).find_first_of(" -") != std::string_view::npos)
    return 0;
  return length;
}

std::size_t drivers_license_length_at(std::string_view text, std::size_t at) {
  return document_number_length(text, at, 5, 20, 4);
}

std::optional<Detection> confirm_passport_number(std::string_view text, std::size_t keyword_end) {
  return document_number_after(
      text, keyword_end,
      {"number", "numbers", "no", "num", "nr", "nummer", "id", "is", "#", "card", "book",
       "ending in", "as", "on file", "on record", "correct", "new", "updated"},
      passport_number_length_at, EntityType::passport_number, 0.85f, "passport_number");
}

namespace {

// "Business license number: BL-2024-00871": a "licence number" keyword
// whose licence is of another kind than a driving one.
bool names_another_license(std::string_view text, std::size_t keyword_end) {
  const std::size_t window_begin = keyword_end > 40 ? keyword_end - 40 : 0;
  const std::string window = to_lower_ascii(text.substr(window_begin, keyword_end - window_begin));
  const std::size_t licence = window.rfind("licen");
  if (licence == std::string::npos || licence < 2 || window[licence - 1] != ' ') return false;
  std::size_t word_begin = licence - 1;
  while (word_begin > 0 && is_alpha(window[word_begin - 1])) --word_begin;
  const std::string_view word =
      std::string_view(window).substr(word_begin, licence - 1 - word_begin);
  static constexpr std::string_view kOtherLicenses[] = {
      "business", "software", "product",    "liquor",       "trade",      "medical",  "nursing",
      "pilot",    "estate",   "contractor", "professional", "firearm",    "firearms", "gun",
      "fishing",  "hunting",  "marriage",   "broadcast",    "radio",      "music",    "vendor",
      "import",   "export",   "pharmacy",   "dealer",       "practice",   "teaching", "operating",
      "building", "site",     "seat",       "volume",       "enterprise", "user"};
  return std::find(std::begin(kOtherLicenses), std::end(kOtherLicenses), word) !=
         std::end(kOtherLicenses);
}

}  // namespace

std::optional<Detection> confirm_drivers_license_number(std::string_view text,
                                                        std::size_t keyword_end) {
  if (names_another_license(text, keyword_end)) return std::nullopt;
  return document_number_after(
      text, keyword_end,
      {"number", "no", "num", "nr", "#", "id", "is", "card", "class", "on file", "on record", "as"},
      drivers_license_length_at, EntityType::drivers_license, 0.8f, "drivers_license");
}

std::optional<Detection> confirm_bare_license_number(std::string_view text,
                                                     std::size_t keyword_end) {
  std::size_t at = value_start_after(text, keyword_end, {"number", "no", "num", "nr", "#", "is"});
  if (at == std::string_view::npos || digit_led_license_length(text, at) == 0)
    at = nested_number_field(text, keyword_end);
  if (at == std::string_view::npos || digit_led_license_length(text, at) == 0) return std::nullopt;
  const std::size_t end = at + digit_led_license_length(text, at);
  const ContextWindow context(text, at, end, 96, 48);
  if (!context.has_near({"ssn", "passport", "dob", "date of birth", "driver", "dmv"}))
    return std::nullopt;
  return detected(EntityType::drivers_license, at, end, 0.75f, "drivers_license");
}

}  // namespace hearth::privacy::structured
