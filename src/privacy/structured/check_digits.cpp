#include "check_digits.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "text_shape.h"

namespace hearth::privacy::structured {

bool luhn_valid(std::string_view digits) {
  int sum = 0;
  bool double_it = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int value = *it - '0';
    if (double_it) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double_it = !double_it;
  }
  return !digits.empty() && sum % 10 == 0;
}

namespace {

int prefix_value(std::string_view digits, std::size_t length) {
  int value = 0;
  for (std::size_t i = 0; i < length && i < digits.size(); ++i)
    value = value * 10 + (digits[i] - '0');
  return value;
}

bool in_range(int value, int low, int high) {
  return value >= low && value <= high;
}

}  // namespace

std::string_view card_network(std::string_view digits) {
  const std::size_t n = digits.size();
  if (n < 12 || n > 19) return {};
  const int p1 = prefix_value(digits, 1), p2 = prefix_value(digits, 2),
            p3 = prefix_value(digits, 3), p4 = prefix_value(digits, 4),
            p6 = prefix_value(digits, 6);
  if (p1 == 4 && (n == 13 || n == 16 || n == 19)) return "visa";
  if ((in_range(p2, 51, 55) || in_range(p4, 2221, 2720)) && n == 16) return "mastercard";
  if ((p2 == 34 || p2 == 37) && n == 15) return "amex";
  if ((p4 == 6011 || in_range(p3, 644, 649) || p2 == 65 || in_range(p6, 622126, 622925)) && n >= 16)
    return "discover";
  if (in_range(p4, 3528, 3589) && n >= 16) return "jcb";
  if ((in_range(p3, 300, 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) && n >= 14)
    return "diners";
  if (p2 == 62 && n >= 16) return "unionpay";
  if ((p2 == 50 || in_range(p2, 56, 69)) && n >= 12) return "maestro";
  return {};
}

bool is_documentation_test_card(std::string_view digits) {
  // Stripe, Adyen, Braintree and PayPal test numbers that appear in docs,
  // tutorials and fixtures far more often than in any real conversation.
  static constexpr std::string_view kTestCards[] = {
      "4242424242424242", "4000056655665556", "4111111111111111", "4012888888881881",
      "4222222222222",    "4000000000000002", "4000000000009995", "4000000000000077",
      "4000000000000341", "4000002500003155", "4000000000003220", "4000000000000069",
      "4000000000000127", "4000000000000119", "4917610000000000", "5555555555554444",
      "5200828282828210", "5105105105105100", "2223003122003222", "5500000000000004",
      "2222400070000005", "378282246310005",  "371449635398431",  "378734493671000",
      "6011111111111117", "6011000990139424", "6011981111111113", "3056930009020004",
      "36227206271667",   "30569309025904",   "38520000023237",   "3566002020360505",
      "3530111333300000", "6200000000000005", "6555900000604105", "6759649826438453"};
  if (std::find(std::begin(kTestCards), std::end(kTestCards), digits) != std::end(kTestCards))
    return true;
  // Repeating one group of four ("4444 4444 4444 4448") is a test pattern too.
  std::size_t matching = 0;
  for (std::size_t i = 4; i + 4 <= digits.size(); i += 4)
    matching += digits.substr(i, 4) == digits.substr(0, 4) ? 1 : 0;
  return digits.size() >= 16 && matching >= 2;
}

std::size_t iban_length(std::string_view country_code) {
  // The SWIFT IBAN registry (release 2024).
  static constexpr std::pair<std::string_view, std::size_t> kLengths[] = {
      {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16},
      {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22},
      {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20},
      {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22},
      {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28},
      {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30},
      {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21},
      {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
      {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
      {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33},
      {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27},
      {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
      {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
  };
  for (const auto& [code, length] : kLengths)
    if (code == country_code) return length;
  return 0;
}

bool iban_valid(std::string_view compact) {
  if (compact.size() < 15 || compact.size() > 34) return false;
  if (!is_upper(compact[0]) || !is_upper(compact[1]) || !is_digit(compact[2]) ||
      !is_digit(compact[3]))
    return false;
  if (iban_length(compact.substr(0, 2)) != compact.size()) return false;
  // Move the country code and check digits to the end, read letters as
  // 10..35, and take the remainder digit by digit so no big number is needed.
  int remainder = 0;
  auto feed = [&remainder](char c) {
    if (is_digit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      const int value = c - 'A' + 10;
      remainder = (remainder * 100 + value) % 97;
    }
  };
  for (std::size_t i = 4; i < compact.size(); ++i) {
    if (!is_upper(compact[i]) && !is_digit(compact[i])) return false;
    feed(compact[i]);
  }
  for (std::size_t i = 0; i < 4; ++i) feed(compact[i]);
  return remainder == 1;
}

bool ssn_valid(std::string_view nine_digits) {
  if (nine_digits.size() != 9 || !all_of_digits(nine_digits)) return false;
  const std::string_view area = nine_digits.substr(0, 3), group = nine_digits.substr(3, 2),
                         serial = nine_digits.substr(5, 4);
  if (area == "000" || area == "666" || area[0] == '9') return false;
  if (group == "00" || serial == "0000") return false;
  return nine_digits != "078051120" && nine_digits != "219099999" && nine_digits != "123456789";
}

}  // namespace hearth::privacy::structured
