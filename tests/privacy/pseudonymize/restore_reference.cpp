#include "restore_reference.h"

#include <array>

#include "hearth/privacy/entity.h"

namespace hearth::privacy::testing {
namespace {

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::size_t pick(std::mt19937& random, std::size_t count) {
  return std::uniform_int_distribution<std::size_t>(0, count - 1)(random);
}

bool coin(std::mt19937& random) {
  return pick(random, 2) == 0;
}

// The placeholder with random letter case and 0-3 spaces inside each bracket
// (3 is one more than restoration accepts).
std::string altered(std::mt19937& random, std::string_view placeholder) {
  std::string form = "<";
  form.append(pick(random, 4), ' ');
  for (const char c : placeholder.substr(1, placeholder.size() - 2)) {
    form += coin(random) ? ascii_lower(c) : c;
  }
  form.append(pick(random, 4), ' ');
  form += '>';
  return form;
}

// "<" left spaces, inner, right spaces ">".
std::string spaced(std::string_view inner, std::size_t left, std::size_t right) {
  std::string form = "<";
  form.append(left, ' ');
  form.append(inner);
  form.append(right, ' ');
  form += '>';
  return form;
}

}  // namespace

std::string naive_restore(std::string_view text, const std::vector<IssuedValue>& issued) {
  constexpr std::size_t kMaxSpaces = 2;
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    bool replaced = false;
    for (const IssuedValue& entry : issued) {
      const std::string_view inner =
          std::string_view(entry.placeholder).substr(1, entry.placeholder.size() - 2);
      for (std::size_t left = 0; left <= kMaxSpaces && !replaced; ++left) {
        for (std::size_t right = 0; right <= kMaxSpaces && !replaced; ++right) {
          const std::string form = spaced(inner, left, right);
          if (equal_ignoring_case(text.substr(at, form.size()), form)) {
            out += entry.value;
            at += form.size();
            replaced = true;
          }
        }
      }
      if (replaced) break;
    }
    if (!replaced) out += text[at++];
  }
  return out;
}

Vault random_vault(std::mt19937& random, std::vector<IssuedValue>& issued) {
  static constexpr std::array<std::string_view, 10> kValues = {
      "Alice",      "Bob",          "alice@example.com",
      "<PERSON_2>", "< person_1 >", "4111 1111 1111 1234",
      "",           "Zoë",          std::string_view("n\0l", 3),
      "<EMAIL_1"};
  static constexpr std::array<EntityType, 5> kTypes = {
      EntityType::person, EntityType::email, EntityType::credit_card, EntityType::drivers_license,
      EntityType::ip_address};
  Vault vault;
  const std::size_t count = pick(random, 14);
  for (std::size_t i = 0; i < count; ++i) {
    const EntityType type = kTypes[pick(random, kTypes.size())];
    const std::string value =
        std::string(kValues[pick(random, kValues.size())]) + std::to_string(pick(random, 3));
    const std::size_t before = vault.size();
    const std::string placeholder = vault.placeholder_for(type, value);
    if (vault.size() > before) issued.push_back({placeholder, value});
  }
  return vault;
}

std::string random_model_text(std::mt19937& random, const std::vector<IssuedValue>& issued,
                              std::size_t pieces) {
  static constexpr std::array<std::string_view, 22> kNoise = {
      "Hello ",      "the ",
      ", ",          "<",
      ">",           "<<",
      "< ",          "_",
      "1",           "0",
      "<PERSON_0>",  "<PERSON_01>",
      "<PERSON_99>", "<FOO_1>",
      "<PERSON-1>",  "<PERSON_1",
      "PERSON_1>",   "<PERSON_ 1>",
      "<EMAIL_1x>",  "\xC3\xA9",
      "\xFF\xC3",    std::string_view("\0", 1)};
  std::string text;
  for (std::size_t i = 0; i < pieces; ++i) {
    if (!issued.empty() && coin(random)) {
      text += altered(random, issued[pick(random, issued.size())].placeholder);
    } else {
      text += kNoise[pick(random, kNoise.size())];
    }
  }
  return text;
}

std::vector<std::size_t> random_chunk_sizes(std::mt19937& random, std::size_t length,
                                            std::size_t max_chunk) {
  std::vector<std::size_t> sizes;
  for (std::size_t covered = 0; covered < length;) {
    sizes.push_back(1 + pick(random, max_chunk));
    covered += sizes.back();
  }
  return sizes;
}

}  // namespace hearth::privacy::testing
