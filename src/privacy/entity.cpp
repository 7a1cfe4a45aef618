#include "hearth/privacy/entity.h"

#include <array>

namespace hearth::privacy {
namespace {

struct TypeInfo {
  std::string_view name;
  DataClass data_class;
};

constexpr std::array<TypeInfo, kEntityTypeCount> kTypes = {{
    {"PERSON", DataClass::identity},        {"ORGANIZATION", DataClass::identity},
    {"LOCATION", DataClass::contact},       {"ADDRESS", DataClass::contact},
    {"EMAIL", DataClass::contact},          {"PHONE", DataClass::contact},
    {"CREDIT_CARD", DataClass::financial},  {"IBAN", DataClass::financial},
    {"US_SSN", DataClass::government_id},   {"IP_ADDRESS", DataClass::network},
    {"MAC_ADDRESS", DataClass::network},    {"URL", DataClass::network},
    {"DATE_OF_BIRTH", DataClass::identity}, {"POSTAL_CODE", DataClass::contact},
    {"PASSPORT", DataClass::government_id}, {"DRIVERS_LICENSE", DataClass::government_id},
    {"PRIVATE_KEY", DataClass::credential}, {"JWT", DataClass::credential},
    {"API_KEY", DataClass::credential},     {"PASSWORD", DataClass::credential},
    {"SECRET", DataClass::credential},
}};

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view entity_type_name(EntityType type) noexcept {
  return kTypes[static_cast<std::size_t>(type)].name;
}

std::optional<EntityType> parse_entity_type(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (equal_ignoring_case(kTypes[i].name, name)) return static_cast<EntityType>(i);
  }
  return std::nullopt;
}

DataClass data_class(EntityType type) noexcept {
  return kTypes[static_cast<std::size_t>(type)].data_class;
}

std::string_view data_class_name(DataClass data_class) noexcept {
  switch (data_class) {
    case DataClass::identity:
      return "identity";
    case DataClass::contact:
      return "contact";
    case DataClass::financial:
      return "financial";
    case DataClass::government_id:
      return "government_id";
    case DataClass::network:
      return "network";
    case DataClass::credential:
      return "credential";
  }
  return "unknown";
}

}  // namespace hearth::privacy
