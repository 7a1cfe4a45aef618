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
constexpr std::array<std::string_view, 41> kLeadingStreetTypes = {
    "Rue",     "Via",     "Calle",     "Rua",      "Avenida", "Viale",    "Paseo",
    "Carrera", "Calzada", "Carretera", "Travessa", "Largo",   "Piazza",   "Piazzale",
    "Corso",   "Vicolo",  "Quai",      "Chemin",   "Allée",   "Impasse",  "Cours",
    "Rambla",  "Carrer",  "Praça",     "Estrada",  "Alameda", "Jalan",    "Jl.",
    "ul",      "ul.",     "Ulica",     "Prospekt", "Soi",     "Thanon",   "Plaça",
    "Passeig", "Ronda",   "Camino",    "Avinguda", "Strada",  "Lungomare"};

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

// Syllables of invented words: brand names ("Zentrix", "Quorlo"), towns and
// family names that no list holds, so the tagger learns that context and
// shape, not the lists alone, make a name.
constexpr std::array<std::string_view, 40> kOnsets = {
    "b", "br", "c", "ch", "d",  "dr", "f",  "fl", "g",  "gr", "h",  "j",  "k",  "kh",
    "l", "m",  "n", "p",  "pr", "qu", "r",  "s",  "sh", "st", "t",  "th", "tr", "v",
    "w", "y",  "z", "zh", "",   "",   "bl", "cr", "sk", "sl", "sp", "ts"};
constexpr std::array<std::string_view, 16> kVowels = {"a", "e",  "i",  "o",  "u",  "a",  "e",  "o",
                                                      "y", "ai", "ei", "ou", "ia", "ee", "oa", "u"};
constexpr std::array<std::string_view, 16> kCodas = {"",  "",  "",  "",  "n",  "r",  "l",  "x",
                                                     "s", "m", "k", "t", "nd", "rk", "ng", "sh"};
// Endings of town names in many languages: Brackenford, Novigrad, Kelmabad.
constexpr std::array<std::string_view, 24> kPlaceEndings = {
    "ville", "ton",  "burg",    "ford",  "field",  "mouth", "pur", "abad",
    "stad",  "by",   "grad",    "heim",  "hausen", "ovo",   "ice", "wick",
    "dale",  "port", "minster", "haven", "sk",     "ingen", "ham", "ia"};
// Words that make a named place of a word: "Lake Tarrow", "Kelm Valley".
constexpr std::array<std::string_view, 8> kPlaceHeads = {"Lake", "Mount", "Port", "Fort",
                                                         "San",  "Santa", "New",  "Saint"};
constexpr std::array<std::string_view, 9> kPlaceTails = {
    "County", "Valley", "Bay", "Island", "Province", "District", "Hills", "Heights", "Springs"};
// Fields that name agencies, schools and clinics: "Ministry of Health",
// "Riverside Dental Clinic".
constexpr std::array<std::string_view, 30> kFields = {
    "Health",       "Finance",      "Education",   "Transport", "Justice",
    "Agriculture",  "Defence",      "Labour",      "Energy",    "Foreign Affairs",
    "Public Works", "Home Affairs", "Environment", "Culture",   "Science and Technology",
    "Dental",       "Veterinary",   "Family",      "Community", "Orthopedic",
    "Fine Arts",    "Music",        "Engineering", "Nursing",   "Public Health",
    "Water",        "Revenue",      "Tourism",     "Fisheries", "Civil Aviation"};
// Words in front of public bodies: "National Institute of Water", "Royal College of Music".
constexpr std::array<std::string_view, 8> kPublicAdjectives = {
    "National", "Royal", "Federal", "State", "Central", "Regional", "Provincial", "International"};
// Public bodies named by their place: "Kelmford District Court", "Lyon City Council".
constexpr std::array<std::string_view, 9> kPublicBodyTails = {
    "District Court",    "City Council",    "County Council",          "Town Council", "High Court",
    "Police Department", "Fire Department", "County Sheriff's Office", "Water Board"};
// Organization words that take a field: "Ministry of Health", "College of Nursing".
constexpr std::array<std::string_view, 10> kFieldHeads = {
    "Ministry", "Department", "Office",  "Institute", "College",
    "School",   "Bureau",     "Academy", "Agency",    "Directorate"};

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

std::string ExampleGenerator::invented_word() {
  const std::size_t syllables = 2 + random_.below(2);
  std::string word;
  for (std::size_t k = 0; k < syllables; ++k) {
    word += kOnsets[random_.below(kOnsets.size())];
    word += kVowels[random_.below(kVowels.size())];
    if (k + 1 == syllables || random_.chance(0.3)) word += kCodas[random_.below(kCodas.size())];
  }
  word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return word;
}

std::string ExampleGenerator::family_name() {
  return random_.chance(0.1) ? invented_word() : pick(lists_.family_names);
}

std::string ExampleGenerator::person_name() {
  const std::string& given = pick(lists_.given_names);
  const std::string family = family_name();
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
  // Most organizations are in no list: a third are named by invented words.
  const std::string word = random_.chance(0.35) ? invented_word() : pick(lists_.org_name_words);
  const std::string& head = pick(lists_.org_words);
  const std::string& suffix = pick(lists_.org_suffixes);
  const std::string field(kFields[random_.below(kFields.size())]);
  switch (random_.below(26)) {
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
      return family_name() + " & " + family_name() + " " +
             (random_.chance(0.5) ? "LLP" : (random_.chance(0.5) ? head : suffix));
    case 7:
      return family_name() + " " + head;
    case 8:
      return head + " of " + pick(lists_.cities);
    case 9:
      return (random_.chance(0.7) ? pick(lists_.cities) : place_name()) + " " + head;
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
      return head + " " + (random_.chance(0.5) ? family_name() : word);
    case 15:
    case 16:
      // Agencies and schools named by their field: "Ministry of Health".
      return std::string(kFieldHeads[random_.below(kFieldHeads.size())]) + " of " + field;
    case 17:
      // "Riverside Dental Clinic", "Kelmford Community College".
      return (random_.chance(0.5) ? word : place_name()) + " " + field + " " + head;
    case 18:
      // Named after a person: "Ada Okafor Foundation", "Mensah University".
      return pick(lists_.given_names) + " " + family_name() + " " + head;
    case 19:
      return word + " " + head + " " + pick(lists_.cities);
    case 20:
      // Two organization words: "Zentrix Capital Partners", "Quorlo Health Group".
      return word + " " + pick(lists_.org_words) + " " + head;
    case 21:
      return std::string(kPublicAdjectives[random_.below(kPublicAdjectives.size())]) + " " +
             std::string(kFieldHeads[random_.below(kFieldHeads.size())]) + " of " + field;
    case 22:
      return (random_.chance(0.5) ? pick(lists_.cities) : place_name()) + " " +
             std::string(kPublicBodyTails[random_.below(kPublicBodyTails.size())]);
    case 23:
    case 24:
      // Start-ups named by one invented word ("Quorlo"): only context marks them.
      return invented_word();
    default:
      return word;
  }
}

std::string ExampleGenerator::place_name() {
  // Towns no list holds, and places named with a head word ("Lake Tarrow",
  // "Kelm Valley"), so places are found by context and shape too.
  switch (random_.below(4)) {
    case 0:
    case 1: {
      std::string stem = invented_word();
      if (random_.chance(0.5)) stem = stem.substr(0, std::max<std::size_t>(3, stem.size() - 2));
      return stem + std::string(kPlaceEndings[random_.below(kPlaceEndings.size())]);
    }
    case 2:
      return std::string(kPlaceHeads[random_.below(kPlaceHeads.size())]) + " " + invented_word();
    default:
      return invented_word() + " " + std::string(kPlaceTails[random_.below(kPlaceTails.size())]);
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
  switch (random_.below(5)) {
    case 0:
      name = pick(lists_.family_names);
      break;
    case 2:
      name = invented_word();
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
  if (random_.chance(0.1)) {
    // Named after a person, hyphenated: "Karl-Marx-Allee 90", "Rosa-Weber-Straße 5".
    return pick(lists_.given_names) + "-" + pick(lists_.family_names) + "-" +
           (random_.chance(0.5) ? "Straße " : "Allee ") + number;
  }
  std::string address = number + " " + name + " " + type;
  const bool abbreviation = type.size() <= 4 && type != "Way" && type != "Row" && type != "Loop" &&
                            type != "Path" && type != "Hill" && type != "Mews" && type != "Walk";
  if (abbreviation && random_.chance(0.3)) address += ".";
  // British and Commonwealth addresses put the flat first: "Flat 2, 19 Mill Lane".
  if (random_.chance(0.08)) {
    constexpr std::array<std::string_view, 4> kLeadingUnits = {"Flat", "Unit", "Apartment",
                                                               "Suite"};
    return fmt::format("{} {}, {}", kLeadingUnits[random_.below(kLeadingUnits.size())],
                       1 + random_.below(40), address);
  }
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
  if (slot == "city") {
    return builder.labeled(EntityType::location,
                           random_.chance(0.15) ? place_name() : pick(lists_.cities));
  }
  if (slot == "country") return builder.labeled(EntityType::location, pick(lists_.countries));
  if (slot == "region") return builder.labeled(EntityType::location, pick(lists_.regions));
  if (slot == "place") {
    if (random_.chance(0.15)) return builder.labeled(EntityType::location, place_name());
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
