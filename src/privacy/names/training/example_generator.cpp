#include "example_generator.h"

#include <array>
#include <string_view>

#include "fmt/format.h"
#include "hearth/util/error.h"

namespace hearth::privacy::names::training {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

constexpr std::array<std::string_view, 17> kSlots = {
    "person",  "first", "last", "full", "org", "city",    "country", "region", "place",
    "address", "n",     "date", "time", "id",  "product", "cap",     "email"};

bool is_slot(std::string_view name) {
  for (const std::string_view slot : kSlots) {
    if (slot == name) return true;
  }
  return false;
}

// Street types written before the street's name in their languages.
constexpr std::array<std::string_view, 34> kLeadingStreetTypes = {
    "Rue",     "Via",     "Calle",     "Rua",      "Avenida", "Viale",   "Paseo",
    "Carrera", "Calzada", "Carretera", "Travessa", "Largo",   "Piazza",  "Piazzale",
    "Corso",   "Vicolo",  "Quai",      "Chemin",   "Allée",   "Impasse", "Cours",
    "Rambla",  "Carrer",  "Praça",     "Estrada",  "Alameda", "Jalan",   "Jl.",
    "ul",      "ul.",     "Ulica",     "Prospekt", "Soi",     "Thanon"};

// Continental street types written after the name but before the number.
constexpr std::array<std::string_view, 18> kTrailingContinentalStreetTypes = {
    "Straße", "Strasse", "Str",   "Weg", "Gasse", "Allee",   "Platz", "Damm", "Ring",
    "Straat", "Laan",    "Gatan", "Vej", "Gade",  "Caddesi", "Sokak", "Cd.",  "Sk."};

bool is_leading_street_type(std::string_view type) {
  for (const std::string_view leading : kLeadingStreetTypes) {
    if (leading == type) return true;
  }
  return false;
}

bool is_trailing_continental_street_type(std::string_view type) {
  for (const std::string_view trailing : kTrailingContinentalStreetTypes) {
    if (trailing == type) return true;
  }
  return false;
}

std::string to_upper_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return text;
}

std::string to_lower_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return text;
}

}  // namespace

std::uint64_t Random::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class ExampleGenerator::Builder {
 public:
  void literal(std::string_view text) { out_.text += text; }
  void labeled(EntityType type, std::string_view text) {
    const std::size_t begin = out_.text.size();
    out_.text += text;
    out_.spans.push_back({type, begin, out_.text.size()});
  }
  LabeledText& result() { return out_; }

 private:
  LabeledText out_;
};

ExampleGenerator::ExampleGenerator(const WordLists& lists, std::uint64_t seed)
    : lists_(lists), random_(seed) {
  if (lists.templates.empty() || lists.given_names.empty() || lists.family_names.empty()) {
    raise(ErrorKind::invalid_argument, "example generator needs templates and names");
  }
}

const std::string& ExampleGenerator::pick(const std::vector<std::string>& entries) {
  return entries[random_.below(entries.size())];
}

std::string ExampleGenerator::person_name() {
  const std::string& given = pick(lists_.given_names);
  const std::string& family = pick(lists_.family_names);
  const std::size_t form = random_.below(100);
  if (form < 45) return given + " " + family;
  if (form < 62) return given;
  if (form < 70)
    return fmt::format("{} {}. {}", given, static_cast<char>('A' + random_.below(26)), family);
  if (form < 78) {
    const char initial = given[0] >= 'A' && given[0] <= 'Z' ? given[0] : 'J';
    return fmt::format("{}. {}", initial, family);
  }
  if (form < 86) return family;
  if (form < 92) return given + " " + pick(lists_.given_names) + " " + family;
  if (form < 96) return given + " " + family + "-" + pick(lists_.family_names);
  return fmt::format("{}. {}. {}", static_cast<char>('A' + random_.below(26)),
                     static_cast<char>('A' + random_.below(26)), family);
}

std::string ExampleGenerator::organization_name() {
  // Real organizations are often known by name alone ("Barclays", "Tata
  // Power"): a fifth of the time the name comes from the list of them.
  if (!lists_.organizations.empty() && random_.chance(0.2)) return pick(lists_.organizations);
  const std::string& word = pick(lists_.org_name_words);
  const std::string& head = pick(lists_.org_words);
  const std::string& suffix = pick(lists_.org_suffixes);
  switch (random_.below(16)) {
    case 0:
    case 1:
      return word + " " + head;
    case 2:
    case 3:
      return word + " " + head + " " + suffix;
    case 4:
      return word + " " + suffix;
    case 5:
      return word + ", " + suffix;
    case 6:
      return pick(lists_.family_names) + " & " + pick(lists_.family_names) + " " +
             (random_.chance(0.5) ? "LLP" : suffix);
    case 7:
      return pick(lists_.family_names) + " " + head;
    case 8:
      return head + " of " + pick(lists_.cities);
    case 9:
      return pick(lists_.cities) + " " + head;
    case 10:
      return pick(lists_.cities) + " General Hospital";
    case 11:
      return word + " " + pick(lists_.org_name_words) + " " + head;
    case 12:
      return "Bank of " + pick(lists_.countries);
    case 13:
      // Names joined by "of" and "and": "Lyon University of Science and Technology".
      return pick(lists_.cities) + " " + head + " of " + pick(lists_.org_words) + " and " +
             pick(lists_.org_words);
    case 14:
      // Continental word order, the organization word first: "Fondazione Cariplo".
      return head + " " + (random_.chance(0.5) ? pick(lists_.family_names) : word);
    default:
      return word;
  }
}

std::string ExampleGenerator::street_address() {
  const std::size_t form = random_.below(20);
  const std::string number = std::to_string(1 + random_.below(random_.chance(0.5) ? 300 : 9999)) +
                             (random_.chance(0.05) ? "B" : "");
  if (form == 0)
    return pick(lists_.street_name_words) + "straße " + std::to_string(1 + random_.below(120));
  if (form == 1) return number + " rue de la " + pick(lists_.street_name_words);
  if (form == 2)
    return "Via " + pick(lists_.street_name_words) + " " + std::to_string(1 + random_.below(200));
  std::string name;
  switch (random_.below(4)) {
    case 0:
      name = pick(lists_.family_names);
      break;
    case 1: {
      const std::size_t n = 1 + random_.below(60);
      const char* suffix = (n % 10 == 1 && n != 11)   ? "st"
                           : (n % 10 == 2 && n != 12) ? "nd"
                           : (n % 10 == 3 && n != 13) ? "rd"
                                                      : "th";
      name = std::to_string(n) + suffix;
      break;
    }
    default:
      name = pick(lists_.street_name_words);
      break;
  }
  if (random_.chance(0.15)) name = pick(lists_.street_name_words) + " " + name;
  if (random_.chance(0.08)) name = (random_.chance(0.5) ? "N. " : "West ") + name;
  std::string type = pick(lists_.street_types);
  // Continental types go in their own word order ("Jalan Merdeka 12",
  // "Aachener Straße 312"): "12 Oak Jalan" teaches addresses nobody writes.
  if (is_leading_street_type(type)) {
    return type + " " + pick(lists_.street_name_words) + " " + number;
  }
  if (is_trailing_continental_street_type(type)) {
    return pick(lists_.street_name_words) + " " + type + " " + number;
  }
  std::string address = number + " " + name + " " + type;
  const bool abbreviation = type.size() <= 4 && type != "Way" && type != "Row" && type != "Loop" &&
                            type != "Path" && type != "Hill" && type != "Mews" && type != "Walk";
  if (abbreviation && random_.chance(0.3)) address += ".";
  switch (random_.below(8)) {
    case 0:
      address += ", Apt " + std::to_string(1 + random_.below(40)) +
                 static_cast<char>('A' + random_.below(6));
      break;
    case 1:
      address += ", Suite " + std::to_string(100 + random_.below(900));
      break;
    case 2:
      address += " #" + std::to_string(1 + random_.below(300));
      break;
    case 3:
      address += " Unit " + std::to_string(1 + random_.below(30));
      break;
    default:
      break;
  }
  return address;
}

std::string ExampleGenerator::date() {
  const std::size_t year = 2015 + random_.below(12);
  const std::size_t month = 1 + random_.below(12);
  const std::size_t day = 1 + random_.below(28);
  switch (random_.below(3)) {
    case 0:
      return fmt::format("{}-{:02}-{:02}", year, month, day);
    case 1:
      return fmt::format("{} {}, {}", kMonths[month - 1], day, year);
    default:
      return fmt::format("{:02}/{:02}/{}", month, day, year);
  }
}

void ExampleGenerator::fill_slot(std::string_view slot, Builder& builder) {
  if (slot == "person") return builder.labeled(EntityType::person, person_name());
  if (slot == "first") return builder.labeled(EntityType::person, pick(lists_.given_names));
  if (slot == "last") return builder.labeled(EntityType::person, pick(lists_.family_names));
  if (slot == "full") {
    std::string name = pick(lists_.given_names) + " " + pick(lists_.family_names);
    return builder.labeled(EntityType::person, name);
  }
  if (slot == "org") return builder.labeled(EntityType::organization, organization_name());
  if (slot == "city") return builder.labeled(EntityType::location, pick(lists_.cities));
  if (slot == "country") return builder.labeled(EntityType::location, pick(lists_.countries));
  if (slot == "region") return builder.labeled(EntityType::location, pick(lists_.regions));
  if (slot == "place") {
    const std::size_t which = random_.below(3);
    const auto& list =
        which == 0 ? lists_.cities : (which == 1 ? lists_.countries : lists_.regions);
    return builder.labeled(EntityType::location, pick(list));
  }
  if (slot == "address") return builder.labeled(EntityType::street_address, street_address());
  if (slot == "n") return builder.literal(std::to_string(random_.below(100000)));
  if (slot == "date") return builder.literal(date());
  if (slot == "time") {
    return builder.literal(fmt::format("{:02}:{:02}", random_.below(24), random_.below(60)));
  }
  if (slot == "id") {
    return builder.literal(
        fmt::format("{}-{}", random_.chance(0.5) ? "TCK" : "INV", 1000 + random_.below(9000)));
  }
  if (slot == "product") return builder.literal(pick(lists_.products));
  if (slot == "cap") return builder.literal(pick(lists_.common_words));
  if (slot == "email") {
    return builder.literal(to_lower_ascii(pick(lists_.given_names)) + "." +
                           to_lower_ascii(pick(lists_.family_names)) + "@example.com");
  }
  raise(ErrorKind::internal, "template slot {} has no filler", slot);
}

void ExampleGenerator::fill_template(const std::string& pattern, Builder& builder) {
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    if (pattern.compare(pos, 2, "\\n") == 0 || pattern.compare(pos, 2, "\\t") == 0) {
      builder.literal(pattern[pos + 1] == 'n' ? "\n" : "\t");
      pos += 2;
      continue;
    }
    if (pattern[pos] == '{') {
      const std::size_t close = pattern.find('}', pos);
      const std::string_view slot(pattern.data() + pos + 1,
                                  close == std::string::npos ? 0 : close - pos - 1);
      // Code in templates ("{name}" in JSX) keeps its braces.
      if (close != std::string::npos && is_slot(slot)) {
        fill_slot(slot, builder);
        pos = close + 1;
        continue;
      }
    }
    builder.literal(std::string_view(pattern).substr(pos, 1));
    ++pos;
  }
}

LabeledText ExampleGenerator::next() {
  Builder builder;
  // Two templates in one text now and then, so sentences meet other contexts.
  const std::size_t sentences = random_.chance(0.3) ? 2 : 1;
  for (std::size_t s = 0; s < sentences; ++s) {
    if (s > 0) builder.literal(random_.chance(0.5) ? " " : "\n");
    fill_template(pick(lists_.templates), builder);
  }
  LabeledText example = std::move(builder.result());
  // Some text arrives in one case throughout (log headers, chat); the names
  // in it are still names.
  const std::size_t casing = random_.below(100);
  if (casing < 4) {
    example.text = to_upper_ascii(std::move(example.text));
  } else if (casing < 7) {
    example.text = to_lower_ascii(std::move(example.text));
  }
  return example;
}

std::vector<LabeledText> ExampleGenerator::generate(std::size_t count) {
  std::vector<LabeledText> examples;
  examples.reserve(count);
  for (std::size_t i = 0; i < count; ++i) examples.push_back(next());
  return examples;
}

}  // namespace hearth::privacy::names::training
