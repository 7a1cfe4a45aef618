// What the privacy boundary finds: the kinds of sensitive data it knows and
// one finding in a text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::privacy {

enum class EntityType : std::uint8_t {
  // Names, found by the learned tagger together with rules.
  person,
  organization,
  location,
  street_address,
  // Structured identifiers, each confirmed by a validator.
  email,
  phone,
  credit_card,
  iban,
  us_ssn,
  ip_address,
  mac_address,
  url,
  date_of_birth,
  postal_code,
  passport_number,
  drivers_license,
  // Secrets.
  private_key,
  jwt,
  api_key,
  password,
  secret,
};

inline constexpr std::size_t kEntityTypeCount = static_cast<std::size_t>(EntityType::secret) + 1;

// The broad class a type belongs to, for policies and the audit log.
enum class DataClass : std::uint8_t {
  identity,
  contact,
  financial,
  government_id,
  network,
  credential
};

// The upper-case name used in placeholders, policies and reports: PERSON,
// ORGANIZATION, LOCATION, ADDRESS, EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN,
// IP_ADDRESS, MAC_ADDRESS, URL, DATE_OF_BIRTH, POSTAL_CODE, PASSPORT,
// DRIVERS_LICENSE, PRIVATE_KEY, JWT, API_KEY, PASSWORD, SECRET.
std::string_view entity_type_name(EntityType type) noexcept;
// The inverse of entity_type_name, case-insensitive; nullopt for unknown names.
std::optional<EntityType> parse_entity_type(std::string_view name) noexcept;
DataClass data_class(EntityType type) noexcept;
std::string_view data_class_name(DataClass data_class) noexcept;

struct Finding {
  EntityType type = EntityType::person;
  // Half-open spans into the scanned text: in bytes, and in characters
  // (Unicode code points; each byte of an invalid UTF-8 sequence counts as one).
  std::size_t byte_begin = 0;
  std::size_t byte_end = 0;
  std::size_t char_begin = 0;
  std::size_t char_end = 0;
  std::string text;  // the matched bytes, exactly as in the input
  // A canonical form of the value where one exists (E.164 phone numbers,
  // lower-case email addresses, digits-only card numbers); empty otherwise.
  // Two findings with the same type and canonical form are the same value.
  std::string normalized;
  float confidence = 0;         // 0..1, after context words
  std::string_view recognizer;  // which recognizer found it (static storage)
};

}  // namespace hearth::privacy
