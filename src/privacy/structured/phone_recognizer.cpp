#include "phone_recognizer.h"

#include <phonenumbers/phonenumberutil.h>

#include <vector>

#include "context_words.h"
#include "detected.h"
#include "hearth/util/error.h"
#include "number_recognizers.h"
#include "text_shape.h"

namespace hearth::privacy::structured {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

std::string checked_region(std::string region) {
  for (char& c : region) c = to_upper_ascii(c);
  if (PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region) == 0)
    raise(ErrorKind::invalid_argument, "unknown phone region '{}' (expected ISO 3166 alpha-2)",
          region);
  return region;
}

}  // namespace

PhoneRecognizer::PhoneRecognizer(std::string default_region)
    : util_(PhoneNumberUtil::GetInstance()), plans_(checked_region(std::move(default_region))) {}

namespace {

struct DigitGroups {
  std::vector<std::string_view> groups;
  std::string separators;  // the byte before each group after the first (first byte of a run)
};

DigitGroups split_groups(std::string_view number) {
  DigitGroups split;
  std::size_t i = 0;
  while (i < number.size()) {
    const std::size_t start = i;
    while (i < number.size() && is_digit(number[i])) ++i;
    if (i > start) split.groups.push_back(number.substr(start, i - start));
    const std::size_t separator_start = i;
    while (i < number.size() && !is_digit(number[i])) ++i;
    if (i > separator_start && i < number.size())
      split.separators.push_back(number[separator_start]);
  }
  return split;
}

int group_value(std::string_view group) {
  int value = 0;
  for (char c : group.substr(0, 4)) value = value * 10 + (c - '0');
  return value;
}

// Dates (2024-03-11, 11/03/2024, 11.03.24), IPv4 addresses and dotted
// version numbers are shaped like numbers with separators.
bool shaped_like_date_or_address(const DigitGroups& split) {
  const auto& g = split.groups;
  if (g.size() >= 3 && g[0].size() == 4 && group_value(g[0]) >= 1900 && group_value(g[0]) <= 2099 &&
      g[1].size() <= 2 && group_value(g[1]) <= 12)
    return true;
  if (g.size() >= 3 && g[0].size() <= 2 && g[1].size() <= 2 &&
      (g[2].size() == 4 || g[2].size() == 2) &&
      split.separators.find_first_of("/.") != std::string::npos)
    return true;
  if (g.size() == 3 && g[0].size() <= 2 && g[1].size() <= 2 && g[2].size() == 4) return true;
  std::size_t dots = 0;
  bool short_groups = true;
  for (auto group : g) short_groups &= group.size() <= 3;
  for (char c : split.separators) dots += c == '.' ? 1 : 0;
  return dots >= 3 && short_groups;
}

// 20240311142207 and 20240311 are timestamps, not numbers to dial.
bool bare_timestamp(std::string_view digits) {
  if (digits.size() != 8 && digits.size() != 12 && digits.size() != 14) return false;
  const int year = group_value(digits.substr(0, 4));
  const int month = (digits[4] - '0') * 10 + (digits[5] - '0');
  const int day = (digits[6] - '0') * 10 + (digits[7] - '0');
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool parentheses_balanced(std::string_view number) {
  int depth = 0, pairs = 0;
  for (char c : number) {
    if (c == '(') {
      if (++depth > 1) return false;
      ++pairs;
    } else if (c == ')') {
      if (--depth < 0) return false;
    }
  }
  return depth == 0 && pairs <= 1;
}

bool is_phone_separator(char c) {
  return c == ' ' || c == '-' || c == '.' || c == '/';
}

// The shapes a phone number is written in: with a country code, with the
// area code in parentheses, dash- or dot-separated groups (415-555-0132,
// 415.555.0132), or space-separated groups that start with a trunk '0'
// (020 7946 0958) or follow the North American 3-3-4 plan.
bool written_like_a_phone_number(std::string_view written, const DigitGroups& split) {
  if (written.front() == '+' || written.find('(') != std::string_view::npos) return true;
  const auto& g = split.groups;
  if (g.size() < 2) return false;
  const bool dashes = split.separators.find('-') != std::string::npos;
  const bool dots = split.separators.find('.') != std::string::npos;
  const bool slashes = split.separators.find('/') != std::string::npos;
  if (slashes) return written.front() == '0';
  if (dashes) return true;
  if (dots) return g.size() >= 3;
  const bool north_american =
      g.size() == 3 && g[0].size() == 3 && g[1].size() == 3 && g[2].size() == 4;
  return north_american || written.front() == '0';
}

}  // namespace

bool PhoneRecognizer::is_phone_byte(char c) {
  return is_digit(c) || is_phone_separator(c) || c == '(' || c == ')' || c == '+';
}

std::size_t PhoneRecognizer::start_before(std::string_view text, std::size_t end) {
  std::size_t begin = end;
  while (begin > 0 && is_phone_byte(text[begin - 1])) {
    if (end - begin == kMaxWrittenLength) return std::string_view::npos;
    --begin;
  }
  // A '+' only ever opens a number; without one, start at the first digit or '('.
  const std::size_t plus = text.substr(begin, end - begin).rfind('+');
  if (plus != std::string_view::npos) return begin + plus;
  while (begin < end && !is_digit(text[begin]) && text[begin] != '(') ++begin;
  return begin;
}

std::optional<Detection> PhoneRecognizer::confirm(std::string_view text, std::size_t begin,
                                                  std::size_t end) const {
  // Trim what the pattern allows at the end but a number never ends with.
  while (end > begin && !is_digit(text[end - 1])) --end;
  // "(07911 123456)": the parenthesis encloses the whole number, the closing
  // one was trimmed above.
  if (text[begin] == '(' && text.substr(begin, end - begin).find(')') == std::string_view::npos)
    ++begin;
  // The run may hold a number plus a count after it ("415-555-0132 12") or
  // a number before it ("ext 12 415-555-0132"): drop trailing groups first,
  // then leading ones.
  for (std::size_t trailing_end = end, attempt = 0; attempt < 3 && trailing_end > begin;
       ++attempt) {
    if (auto phone = confirm_exactly(text, begin, trailing_end)) return phone;
    std::size_t cut = trailing_end;
    while (cut > begin && is_digit(text[cut - 1])) --cut;
    while (cut > begin && !is_digit(text[cut - 1])) --cut;
    if (cut == begin) break;
    trailing_end = cut;
  }
  for (std::size_t leading_begin = begin, attempt = 0; attempt < 2; ++attempt) {
    while (leading_begin < end && is_digit(text[leading_begin])) ++leading_begin;
    while (leading_begin < end && !is_digit(text[leading_begin]) && text[leading_begin] != '(' &&
           text[leading_begin] != '+')
      ++leading_begin;
    if (leading_begin >= end) break;
    if (auto phone = confirm_exactly(text, leading_begin, end)) return phone;
  }
  return std::nullopt;
}

std::optional<Detection> PhoneRecognizer::confirm_exactly(std::string_view text, std::size_t begin,
                                                          std::size_t end) const {
  const std::string_view written = text.substr(begin, end - begin);
  const bool international = written.front() == '+';
  const std::size_t digit_count = count_digits(written);
  if (digit_count < (international ? 8u : 7u) || digit_count > 15) return std::nullopt;
  if (!parentheses_balanced(written)) return std::nullopt;
  if (begin > 0 && (is_word_byte(text[begin - 1]) || text[begin - 1] == '.' ||
                    text[begin - 1] == '/' || text[begin - 1] == '-' || text[begin - 1] == '+'))
    return std::nullopt;
  if (end < text.size() && (is_word_byte(text[end]) || text[end] == '/' ||
                            ((text[end] == '-' || text[end] == '.' || text[end] == ':') &&
                             end + 1 < text.size() && is_digit(text[end + 1]))))
    return std::nullopt;
  const DigitGroups split = split_groups(written);
  if (shaped_like_date_or_address(split)) return std::nullopt;
  const bool unformatted = split.groups.size() == 1 && !international;
  if (unformatted && bare_timestamp(written)) return std::nullopt;

  const ContextWindow context(text, begin, end, 32, 16);
  if (context.has_before({"v", "version", "ver", "build", "release", "rev"})) return std::nullopt;
  const bool phone_words = context.has_before(
      {"phone", "phones",   "tel",  "telephone", "call",     "mobile", "cell",    "cellphone",
       "fax",   "whatsapp", "sms",  "text me",   "reach me", "ring",   "contact", "ph",
       "mob",   "number",   "dial", "hotline",   "landline", "tel.",   "t:",      "m:"});
  // libphonenumber is the costly step, so only shapes people write phone
  // numbers in reach it without a phone word nearby; a digit run or loose
  // groups ("200 56938 125" in a log line) need the word.
  if (!phone_words && !written_like_a_phone_number(written, split)) return std::nullopt;

  const bool other_number_words = context.has_before(
      {"order", "invoice",     "ticket", "tracking", "ref",  "reference", "account", "acct",
       "id",    "transaction", "txn",    "serial",   "pid",  "port",      "sku",     "isbn",
       "case",  "po",          "#",      "card",     "iban", "ssn",       "zip"});

  PhoneNumber number;
  bool national_elsewhere = false;
  if (!plans_.valid_in_default_region(written, number)) {
    // A national number opens with its trunk '0' or an area code in
    // parentheses (020 7946 0321, (11) 98123-4570) and names no country, so
    // it is tried against the regions whose plans write numbers that way.
    // Only grouped numbers get these extra parses: a bare digit run would
    // fit some plan too often.
    // 078-05-1120 is shaped like an SSN, not like a national number.
    const bool ssn_shape = split.groups.size() == 3 && split.groups[0].size() == 3 &&
                           split.groups[1].size() == 2 && split.groups[2].size() == 4;
    const bool national_shape = (written.front() == '0' || written.front() == '(') &&
                                split.groups.size() >= 2 && !ssn_shape;
    // "Phone: 555-0142": a seven-digit local number, dialled without its
    // area code, is a phone number only where a phone word names it.
    const bool local_number = phone_words && !other_number_words && split.groups.size() == 2 &&
                              split.groups[0].size() == 3 && split.groups[1].size() == 4 &&
                              written.front() >= '2' && split.separators.find_first_of("-.") == 0;
    if (local_number) return detected(EntityType::phone, begin, end, 0.75f, "phone");
    if (!national_shape) return std::nullopt;
    // "Tracking number: 1Z 999 AA1 01 2345 6784": a tail of a longer code.
    if (other_number_words) return std::nullopt;
    if (!plans_.valid_in_a_national_format_region(written)) return std::nullopt;
    // Several plans may accept the same digits, so the country, and with
    // it the E.164 form, stays unknown.
    national_elsewhere = true;
  }
  std::string e164;
  if (!national_elsewhere) util_->Format(number, PhoneNumberUtil::E164, &e164);

  float confidence = international ? 0.8f : unformatted ? 0.4f : 0.7f;
  if (phone_words)
    confidence += unformatted ? 0.35f : 0.2f;
  else if (other_number_words)
    confidence -= 0.35f;
  return detected(EntityType::phone, begin, end, confidence, "phone", e164);
}

}  // namespace hearth::privacy::structured
