// The arithmetic that confirms an identifier: Luhn for payment cards, the
// issuer ranges and lengths of the card networks, ISO 13616 mod-97 with the
// per-country lengths for IBANs, and the SSA's rules for which social
// security numbers are never issued.
#pragma once

#include <string>
#include <string_view>

namespace hearth::privacy::structured {

// digits: ASCII digits only.
bool luhn_valid(std::string_view digits);

// The network whose issuer range and length fit the number (Visa,
// Mastercard incl. 2221-2720, American Express, Discover, JCB, Diners Club,
// UnionPay, Maestro); empty when none does.
std::string_view card_network(std::string_view digits);

// Numbers published in payment providers' documentation for testing
// (4242 4242 4242 4242, 4111 1111 1111 1111, ...). They pass every check but
// identify no one.
bool is_documentation_test_card(std::string_view digits);

// compact: upper-case letters and digits, no spaces. Checks the country's
// registered length and the mod-97 check digits.
bool iban_valid(std::string_view compact);
// The registered IBAN length of a country, 0 when the country has no IBAN.
std::size_t iban_length(std::string_view country_code);

// area-group-serial as nine ASCII digits: area 000, 666 and 900-999, group 00
// and serial 0000 are never issued, and a few numbers are known examples
// (078-05-1120 from a wallet insert, 123-45-6789).
bool ssn_valid(std::string_view nine_digits);

}  // namespace hearth::privacy::structured
