#include "number_recognizers.h"

#include <string>

#include "check_digits.h"
#include "context_words.h"
#include "detected.h"
#include "text_shape.h"

namespace hearth::privacy::structured {

bool continues_number(std::string_view text, std::size_t begin, std::size_t end) {
  auto is_joiner = [](char c) { return c == '-' || c == '.' || c == '/' || c == ':'; };
  if (begin >= 2 && is_joiner(text[begin - 1]) && is_digit(text[begin - 2])) return true;
  if (begin >= 1 && is_word_byte(text[begin - 1])) return true;
  if (end + 1 < text.size() && is_joiner(text[end]) && is_digit(text[end + 1])) return true;
  return end < text.size() && is_word_byte(text[end]);
}

namespace {

std::string digits_of(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (is_digit(c)) digits.push_back(c);
  return digits;
}

bool one_separator_throughout(std::string_view text) {
  char separator = 0;
  for (char c : text) {
    if (is_digit(c)) continue;
    if (separator != 0 && c != separator) return false;
    separator = c;
  }
  return true;
}

std::optional<Detection> card_from(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view written = text.substr(begin, end - begin);
  if (!one_separator_throughout(written)) return std::nullopt;
  const std::string digits = digits_of(written);
  if (card_network(digits).empty() || !luhn_valid(digits) || is_documentation_test_card(digits))
    return std::nullopt;
  if (digits.find_first_not_of(digits[0]) == std::string::npos) return std::nullopt;

  const bool grouped = digits.size() != written.size();
  float confidence = grouped ? 0.85f : 0.7f;
  const ContextWindow context(text, begin, end, 40, 16);
  const bool card_words = context.has_before({"card", "credit", "debit", "visa", "mastercard",
                                              "amex", "american express", "discover", "jcb",
                                              "maestro", "cc", "pan", "payment", "cardholder"}) ||
                          context.has_after({"exp", "expiry", "expires", "cvv", "cvc"});
  const bool other_number_words = context.has_before(
      {"order", "invoice", "ticket", "tracking", "id", "ref", "reference", "transaction", "txn",
       "build", "version", "serial", "isbn", "sku", "phone", "tel", "po", "case", "#"});
  if (card_words)
    confidence += 0.1f;
  else if (other_number_words)
    confidence -= 0.4f;
  return detected(EntityType::credit_card, begin, end, confidence, "credit_card", digits);
}

}  // namespace

std::optional<Detection> confirm_credit_card(std::string_view text, std::size_t begin,
                                             std::size_t end) {
  if (!continues_number(text, begin, end))
    if (auto card = card_from(text, begin, end)) return card;
  // A grouped candidate may have swallowed a short group that follows the
  // number (a CVV, a count): try again without it.
  const std::size_t last_separator = text.substr(begin, end - begin).find_last_of(" -");
  if (last_separator != std::string_view::npos && end - (begin + last_separator) <= 4)
    return card_from(text, begin, begin + last_separator);
  return std::nullopt;
}

std::optional<Detection> confirm_digit_run(std::string_view text, std::size_t end) {
  std::size_t begin = end;
  while (begin > 0 && is_digit(text[begin - 1]) && end - begin < 20) --begin;
  if (end - begin == 9) return confirm_ssn(text, begin, end, true);
  if (continues_number(text, begin, end)) return std::nullopt;
  return card_from(text, begin, end);
}

std::optional<Detection> confirm_iban(std::string_view text, std::size_t begin, std::size_t end) {
  const std::size_t expected = iban_length(text.substr(begin, 2));
  if (expected == 0) return std::nullopt;
  // Walk to the country's length, checking that any spaces sit between
  // groups of four as IBANs are printed.
  std::string compact;
  std::size_t i = begin;
  bool spaced = false;
  while (i < end && compact.size() < expected) {
    if (text[i] == ' ') {
      if (compact.size() % 4 != 0) return std::nullopt;
      spaced = true;
    } else {
      if (spaced && compact.size() % 4 == 0 && i > begin && text[i - 1] != ' ') return std::nullopt;
      compact.push_back(text[i]);
    }
    ++i;
  }
  if (compact.size() != expected) return std::nullopt;
  if (i < text.size() && is_word_byte(text[i])) return std::nullopt;
  if (!iban_valid(compact)) return std::nullopt;
  float confidence = 0.9f;
  const ContextWindow context(text, begin, i, 40, 0);
  if (context.has_before({"iban", "account", "bank", "transfer", "swift", "bic", "sepa"}))
    confidence += 0.05f;
  return detected(EntityType::iban, begin, i, confidence, "iban", compact);
}

std::optional<Detection> confirm_ssn(std::string_view text, std::size_t begin, std::size_t end,
                                     bool nine_bare_digits) {
  if (continues_number(text, begin, end)) return std::nullopt;
  const std::string digits = digits_of(text.substr(begin, end - begin));
  if (!ssn_valid(digits)) return std::nullopt;
  const ContextWindow context(text, begin, end, 40, 16);
  const bool ssn_words = context.has_before({"ssn", "ssn#", "ss#", "ss no", "social security",
                                             "social", "soc sec", "taxpayer", "tin", "itin"}) ||
                         context.has_after({"ssn", "social security"});
  const bool other_number_words =
      context.has_before({"phone", "tel", "fax", "order", "invoice", "ticket", "ref", "zip", "isbn",
                          "part", "serial", "case", "id", "#"});
  if (nine_bare_digits) {
    if (!ssn_words) return std::nullopt;
    return detected(EntityType::us_ssn, begin, end, 0.85f, "us_ssn", digits);
  }
  const bool dashed = text[begin + 3] == '-';
  float confidence = dashed ? 0.65f : 0.45f;
  if (ssn_words)
    confidence = 0.95f;
  else if (other_number_words)
    confidence -= 0.35f;
  return detected(EntityType::us_ssn, begin, end, confidence, "us_ssn", digits);
}

}  // namespace hearth::privacy::structured
