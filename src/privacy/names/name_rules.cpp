#include "name_rules.h"

#include <algorithm>
#include <array>

namespace hearth::privacy::names {
namespace {

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return equals_ignoring_ascii_case(word, w); });
}

bool ends_with_ignoring_ascii_case(std::string_view word, std::string_view suffix) {
  return word.size() > suffix.size() &&
         equals_ignoring_ascii_case(word.substr(word.size() - suffix.size()), suffix);
}

// Compass points written before or after a street name.
constexpr std::array<std::string_view, 12> kDirections = {
    "N", "S", "E", "W", "NE", "NW", "SE", "SW", "North", "South", "East", "West"};
// Street types written before the name ("rue de la Paix", "Via Roma").
constexpr std::array<std::string_view, 43> kLeadingStreetTypes = {
    "rue",       "avenue", "avenida",  "av",       "calle",   "via",       "viale",    "rua",
    "boulevard", "place",  "paseo",    "carrera",  "calzada", "carretera", "travessa", "largo",
    "piazza",    "corso",  "vicolo",   "quai",     "chemin",  "allée",     "impasse",  "cours",
    "rambla",    "carrer", "praça",    "estrada",  "alameda", "jalan",     "ul",       "ulica",
    "prospekt",  "soi",    "thanon",   "piazzale", "plaça",   "passeig",   "ronda",    "camino",
    "avinguda",  "strada", "lungomare"};
// Small words inside continental street names.
constexpr std::array<std::string_view, 13> kStreetConnectors = {
    "de", "del", "la", "le", "les", "des", "du", "di", "da", "do", "dos", "das", "della"};
// Compound endings of German, Dutch and Nordic street names ("Hauptstraße").
// Nordic "gata"/"vegen", Finnish "katu", Hungarian "utca" and Polish "ulica"
// follow the same pattern.
// Dutch canals and quays ("Keizersgracht"), Icelandic "vegur", Finnish "tie"
// and Nordic squares too.
constexpr std::array<std::string_view, 34> kCompoundStreetEndings = {
    "straße", "strasse", "str",   "weg",    "platz", "allee", "gasse",  "ring",  "damm",
    "laan",   "straat",  "gatan", "gata",   "gate",  "vegen", "veien",  "vägen", "väg",
    "vej",    "gade",    "katu",  "utca",   "ulica", "steig", "gracht", "kade",  "plein",
    "dijk",   "singel",  "vegur", "torget", "torv",  "tie",   "markt"};
// Nordic endings written as a word of their own, in lower case ("Thorvald
// Meyers gate 49", "Kongens vei 3").
constexpr std::array<std::string_view, 11> kSeparateStreetEndings = {
    "gate", "gata", "gatan", "vei", "veien", "vej", "gade", "vegen", "vägen", "väg", "vegur"};
// German streets named by a preposition and a place: "Am Markt 3", "An der Alster 12".
constexpr std::array<std::string_view, 4> kStreetPrepositions = {"Am", "Im", "Zum", "Zur"};
constexpr std::array<std::string_view, 4> kStreetPrepositionsWithArticle = {"An", "Auf", "In",
                                                                            "Unter"};
constexpr std::array<std::string_view, 3> kGermanArticles = {"der", "dem", "den"};
// Spanish and Portuguese floor and door after the number: "3º izq", "2.º Esq.".
constexpr std::array<std::string_view, 12> kFloorSides = {
    "izq", "izda", "izqda", "dcha", "dch", "der", "dta", "esq", "dto", "dir", "int", "ext"};
// Words naming a part of an organization rather than one.
constexpr std::array<std::string_view, 12> kInternalUnitWords = {
    "Department", "Dept", "Division",    "Team",       "Committee", "Board",
    "Unit",       "Desk", "Engineering", "Operations", "Sales",     "Marketing"};
// Organization words so general that ordinary words before them make a
// feature, a heading or a benefit rather than a name ("Help Center", "Health
// Insurance", "Product Design", "Platform Guild"); a name needs a word no
// common-word list holds ("Brightwater Design") or a more specific
// organization word before them ("Medical Center").
constexpr std::array<std::string_view, 14> kGenericOrgHeads = {
    "Center",  "Centre",  "Insurance", "Design",  "Designs", "Guild",  "Health",
    "Support", "Network", "Services",  "Digital", "Media",   "Travel", "Finance"};
// Job titles end in the role, and a capitalized title is no organization
// however specific its field ("Laboratory Technician", "Clinical Data Analyst").
constexpr std::array<std::string_view, 18> kRoleWords = {
    "Technician",    "Engineer",       "Manager",   "Assistant",  "Analyst", "Specialist",
    "Coordinator",   "Consultant",     "Developer", "Designer",   "Officer", "Director",
    "Administrator", "Representative", "Scientist", "Accountant", "Intern",  "Nurse"};
// Spelled-out legal forms that, in lower case, describe rather than name:
// "a Delaware corporation", "an Ontario company".
constexpr std::array<std::string_view, 5> kDescriptiveLegalForms = {
    "corporation", "company", "limited", "incorporated", "partnership"};
// Words of a sentence that never name a street, for lines without capitals:
// "ran 5 km down the road" is no address.
constexpr std::array<std::string_view, 16> kLowerCaseNonNames = {
    "the", "and", "down", "off",  "our",  "your", "this",  "that",
    "per", "for", "from", "into", "onto", "over", "along", "across"};
// Words of institutions named "X of Y" (see institution_of).
constexpr std::array<std::string_view, 14> kInstitutionWords = {
    "Institute",  "Society", "Academy",     "Ministry",   "Agency",  "Bureau", "Commission",
    "Federation", "Museum",  "Association", "University", "College", "Court",  "Council"};
constexpr std::array<std::string_view, 10> kInstitutionAdjectives = {
    "National", "Royal",    "Federal",  "State",   "Central",
    "Regional", "European", "American", "British", "International"};
// Conjunctions that join two organizations' names in several languages.
constexpr std::array<std::string_view, 8> kConjunctions = {"and", "y",   "und", "et",
                                                           "e",   "och", "og",  "en"};
// Legal forms strong enough to make the capitalized words before them an
// organization on their own ("Co." and "SA" are not: too many other uses).
constexpr std::array<std::string_view, 20> kStrongLegalSuffixes = {
    "Inc",         "LLC",  "L.L.C.", "Ltd",  "Limited", "PLC",  "Corp",
    "Corporation", "GmbH", "LLP",    "S.A.", "S.p.A.",  "B.V.", "N.V.",
    "Pty",         "AG",   "S.r.l.", "S.L.", "S.A.S.",  "SARL"};
// Abbreviations whose period belongs to them ("Inc.", "Corp.", "St.").
constexpr std::array<std::string_view, 30> kDottedAbbreviations = {
    "Inc", "Ltd", "Corp", "Co",  "St",  "Ave",  "Av",  "Rd",   "Blvd", "Ln",
    "Dr",  "Ct",  "Pl",   "Ter", "Cir", "Pkwy", "Hwy", "Sq",   "Trl",  "Str",
    "Pty", "Pvt", "Pte",  "Bhd", "ul",  "Esq",  "Izq", "Izda", "Dcha", "Dto"};

class Matcher {
 public:
  explicit Matcher(const SegmentView& segment)
      : s_(segment),
        lower_case_(std::none_of(segment.tokens.begin(), segment.tokens.end(),
                                 [](const WordToken& t) { return t.has_upper; })) {}

  std::size_t size() const { return s_.tokens.size(); }
  std::string_view text(std::size_t i) const {
    return s_.text.substr(s_.tokens[i].begin, s_.tokens[i].size());
  }
  const WordToken& token(std::size_t i) const { return s_.tokens[i]; }
  bool has(std::size_t i, GazetteerClass cls) const {
    return i < size() && (s_.classes[i] & class_bit(cls)) != 0;
  }
  ClassMask classes(std::size_t i) const { return i < size() ? s_.classes[i] : ClassMask{0}; }
  bool is(std::size_t i, std::string_view word) const { return i < size() && text(i) == word; }
  bool capitalized_word(std::size_t i) const {
    return i < size() && token(i).kind == TokenKind::word && token(i).starts_upper;
  }
  bool glued(std::size_t i) const { return i < size() && !token(i).space_before; }

  bool house_number(std::size_t i) const {
    if (i >= size() || token(i).kind != TokenKind::number) return false;
    const std::string_view t = text(i);
    return t.size() <= 8 && t[0] >= '0' && t[0] <= '9';
  }
  bool ordinal(std::size_t i) const {
    if (!house_number(i)) return false;
    const std::string_view t = text(i);
    return ends_with_ignoring_ascii_case(t, "st") || ends_with_ignoring_ascii_case(t, "nd") ||
           ends_with_ignoring_ascii_case(t, "rd") || ends_with_ignoring_ascii_case(t, "th");
  }
  bool street_type(std::size_t i) const {
    // Polish and Russian addresses write "ul." (ulica, ulitsa) in lower case,
    // and so does a chat line written without capitals ("41 mill road").
    return has(i, GazetteerClass::street_type) &&
           (token(i).starts_upper || token(i).all_upper() || text(i) == "ul" || lower_case_);
  }
  // A word that can name a street: capitalized, French with an elided
  // article ("l'Opéra", "d'Italie"), or any word of a line without capitals.
  bool street_name_word(std::size_t i) const {
    if (capitalized_word(i)) return true;
    if (i >= size() || token(i).kind != TokenKind::word) return false;
    const std::string_view t = text(i);
    if (lower_case_) return t.size() >= 3 && !is_one_of(t, kLowerCaseNonNames);
    const bool elided = t.starts_with("l'") || t.starts_with("d'") || t.starts_with("l\u2019") ||
                        t.starts_with("d\u2019");
    return elided && token(i).has_upper;
  }
  bool compound_street(std::size_t i) const {
    // A family name is no street however it ends ("Christie", "Colgate").
    constexpr ClassMask person =
        class_bit(GazetteerClass::given_name) | class_bit(GazetteerClass::family_name);
    return capitalized_word(i) && (classes(i) & person) == 0 &&
           std::any_of(kCompoundStreetEndings.begin(), kCompoundStreetEndings.end(),
                       [&](std::string_view ending) {
                         return text(i).size() >= ending.size() + 3 &&
                                ends_with_ignoring_ascii_case(text(i), ending);
                       });
  }
  // Where an address may end: the segment's end, punctuation, a line break
  // or a unit.
  bool address_may_end_at(std::size_t i) const {
    return i >= size() || token(i).newline_before || has(i, GazetteerClass::unit_word) ||
           (token(i).kind != TokenKind::word && token(i).kind != TokenKind::number);
  }
  bool direction(std::size_t i) const { return i < size() && is_one_of(text(i), kDirections); }
  bool connector(std::size_t i) const {
    return i < size() && token(i).kind == TokenKind::word && is_one_of(text(i), kStreetConnectors);
  }

  // After an abbreviation at i, the index just past its period when it has
  // one glued to it: the period belongs to the abbreviation ("St.", "Inc.").
  std::size_t past_abbreviation_period(std::size_t i) const {
    const std::size_t next = i + 1;
    return is(next, ".") && glued(next) && is_one_of(text(i), kDottedAbbreviations) ? next + 1
                                                                                    : next;
  }

  // A floor written after the address: "2nd Floor", Spanish and Portuguese
  // "3º izq", "2.º Esq.", "1ª". Returns the index past it, or i when there is none.
  std::size_t past_floor(std::size_t i) const {
    if (ordinal(i) && has(i + 1, GazetteerClass::unit_word)) return past_abbreviation_period(i + 1);
    if (i >= size() || text(i).empty() || text(i)[0] < '0' || text(i)[0] > '9') return i;
    const auto ordinal_sign = [&](std::size_t k) {
      return (is(k, "\u00ba") || is(k, "\u00aa")) && glued(k);
    };
    std::size_t j = i;
    if (text(i).ends_with("\u00ba") || text(i).ends_with("\u00aa")) {
      j = i + 1;
    } else if (house_number(i) && ordinal_sign(i + 1)) {
      j = i + 2;
    } else if (house_number(i) && is(i + 1, ".") && glued(i + 1) && ordinal_sign(i + 2)) {
      j = i + 3;
    } else {
      return i;
    }
    const bool side =
        j < size() && token(j).kind == TokenKind::word &&
        (is_one_of(text(j), kFloorSides) || (token(j).size() == 1 && token(j).all_upper()));
    return side ? past_abbreviation_period(j) : j;
  }

  // An optional unit after an address ending at end: ", Apt 3B", "Suite 200",
  // "#12", "2nd Floor", "3º izq".
  std::size_t extend_with_unit(std::size_t end) const {
    std::size_t i = end;
    if (is(i, ",")) ++i;
    if (const std::size_t floor = past_floor(i); floor != i) return floor;
    if (!has(i, GazetteerClass::unit_word)) return end;
    const bool hash_sign = is(i, "#");
    ++i;
    if (!hash_sign && is(i, ".") && glued(i)) ++i;
    if (i < size() && (token(i).kind == TokenKind::number ||
                       (token(i).kind == TokenKind::word && token(i).size() <= 4 &&
                        (token(i).has_digit || token(i).all_upper())))) {
      return i + 1;
    }
    return end;
  }

  // A unit written before the address, "Flat 2, 19 Lordship Lane": returns
  // where the address then starts (start itself when there is none).
  std::size_t extend_with_leading_unit(std::size_t start) const {
    std::size_t i = start;
    if (i > 0 && is(i - 1, ",")) --i;
    if (i < 2) return start;
    const std::size_t number = i - 1;
    const std::size_t unit = i - 2;
    const bool unit_number = token(number).kind == TokenKind::number ||
                             (token(number).kind == TokenKind::word && token(number).size() <= 4 &&
                              (token(number).has_digit || token(number).all_upper()));
    if (!unit_number || !has(unit, GazetteerClass::unit_word) || !token(unit).starts_upper) {
      return start;
    }
    return unit;
  }

  // "1450 Larkspur Avenue", "12 N. 5th St NW": returns the end or 0.
  std::size_t number_name_type(std::size_t start) const {
    std::size_t i = start + 1;
    if (direction(i)) {
      i = past_abbreviation_period(i);
      if (is(i, ".") && glued(i)) ++i;
    }
    std::size_t names = 0;
    bool only_common_words = true;
    while (i < size() && names <= 4) {
      if (names > 0 && street_type(i)) {
        // Several types in a row: the last ends the street ("Tolka Quay Road").
        while (names < 4 && street_type(i + 1)) {
          ++names;
          ++i;
        }
        std::size_t end = past_abbreviation_period(i);
        // "Parkway West," but not the "West" of "Main St West Hartford".
        if (direction(end) && (token(end).all_upper() || !street_name_word(end + 1) ||
                               token(end + 1).newline_before)) {
          end = past_abbreviation_period(end);
        }
        // Without capitals, "2 new drive bays" is no address; an unlisted
        // name or what follows must make it one.
        if (lower_case_ && only_common_words && !address_may_end_at(end)) return 0;
        return end;
      }
      if (!street_name_word(i) && !ordinal(i)) return 0;
      only_common_words = only_common_words && (ordinal(i) || has(i, GazetteerClass::common_word));
      ++names;
      ++i;
    }
    return 0;
  }

  // "12 rue de la Paix", "5 Avenue Foch".
  std::size_t number_type_name(std::size_t start) const {
    std::size_t i = start + 1;
    if (!has(i, GazetteerClass::street_type) || !is_one_of(text(i), kLeadingStreetTypes)) return 0;
    ++i;
    while (connector(i)) ++i;
    std::size_t names = 0;
    while (street_name_word(i) && names < 4) {
      ++names;
      ++i;
    }
    return names > 0 ? i : 0;
  }

  // "Hauptstraße 5", "Via Roma 12", "Calle Mayor 5": returns the end or 0.
  std::size_t name_then_number(std::size_t start) const {
    std::size_t i = start;
    // The number test first: most capitalized words are followed by none,
    // and the endings are many.
    if ((house_number(i + 1) || house_number(i + 2)) && compound_street(i)) {
      ++i;
      if (is(i, ".") && glued(i)) ++i;
    } else if (capitalized_word(i) && i + 1 < size() && token(i + 1).starts_upper &&
               is_one_of(text(i + 1), kCompoundStreetEndings)) {
      // The ending written as its own word: "Aachener Straße 312".
      i += 2;
      if (is(i, ".") && glued(i)) ++i;
    } else if (const std::size_t ending = separate_street_ending(i); ending != 0) {
      i = ending;
    } else if (street_type(i) && is_one_of(text(i), kLeadingStreetTypes)) {
      ++i;
      if (is(i, ".") && glued(i)) ++i;
      while (connector(i)) ++i;
      std::size_t names = 0;
      while (capitalized_word(i) && names < 3) {
        ++names;
        ++i;
      }
      if (names == 0) return 0;
    } else {
      return 0;
    }
    if (is(i, ",")) ++i;
    return house_number(i) ? i + 1 : 0;
  }

  // "Thorvald Meyers gate", "Kongens vei": up to three capitalized words and
  // a lower-case Nordic ending. Returns the index past the ending, or 0.
  std::size_t separate_street_ending(std::size_t start) const {
    std::size_t i = start;
    while (capitalized_word(i) && i < start + 3) ++i;
    if (i == start || i >= size() || token(i).starts_upper ||
        !is_one_of(text(i), kSeparateStreetEndings)) {
      return 0;
    }
    return i + 1;
  }

  // "Am Markt 3", "An der Alster 12": returns the end or 0. A capitalized
  // preposition also starts a sentence ("Am Montag 3 Leute"), so a place of
  // common words counts only where the number ends the line or a comma follows.
  std::size_t preposition_place_number(std::size_t start) const {
    if (!capitalized_word(start)) return 0;
    std::size_t i = start + 1;
    if (is_one_of(text(start), kStreetPrepositionsWithArticle) && i < size() &&
        is_one_of(text(i), kGermanArticles)) {
      ++i;
    } else if (!is_one_of(text(start), kStreetPrepositions)) {
      return 0;
    }
    std::size_t names = 0;
    bool only_common_words = true;
    while (capitalized_word(i) && token(i).size() >= 3 && names < 2) {
      only_common_words = only_common_words && has(i, GazetteerClass::common_word);
      ++names;
      ++i;
    }
    if (names == 0 || !house_number(i)) return 0;
    if (only_common_words && !address_may_end_at(i + 1)) return 0;
    return i + 1;
  }

 private:
  const SegmentView& s_;
  bool lower_case_;
};

// Applies the span conventions to a tagged span; returns false when nothing is left.
bool trim(const Matcher& m, NameSpan& span) {
  while (span.first < span.last) {
    const std::size_t i = span.first;
    const bool punctuation =
        m.token(i).kind != TokenKind::word && m.token(i).kind != TokenKind::number;
    const bool article = span.type != EntityType::location &&
                         span.type != EntityType::street_address &&
                         equals_ignoring_ascii_case(m.text(i), "the");
    const bool title = span.type == EntityType::person && m.has(i, GazetteerClass::title) &&
                       span.last - span.first > 1;
    if (!punctuation && !article && !title) break;
    ++span.first;
  }
  while (span.last > span.first) {
    const std::size_t i = span.last - 1;
    const std::string_view t = m.text(i);
    if ((t == "s" || t == "S") && i > span.first && m.glued(i) &&
        (m.is(i - 1, "'") || m.is(i - 1, "\u2019"))) {
      span.last -= 2;
      continue;
    }
    const bool punctuation =
        m.token(i).kind != TokenKind::word && m.token(i).kind != TokenKind::number;
    if (!punctuation) break;
    if (t == "." && m.glued(i) && i > span.first) {
      // Only abbreviations keep a period: "Acme Inc." but not "Verdure SAS." at a sentence end.
      const bool dotted_suffix = span.type == EntityType::organization &&
                                 m.has(i - 1, GazetteerClass::org_suffix) &&
                                 m.past_abbreviation_period(i - 1) == i + 1;
      const bool initial = span.type == EntityType::person && m.token(i - 1).size() == 1;
      const bool address_abbreviation =
          span.type == EntityType::street_address && m.past_abbreviation_period(i - 1) == i + 1;
      if (dotted_suffix || initial || address_abbreviation) break;
    }
    --span.last;
  }
  return span.first < span.last;
}

// ", Inc." / "Ltd" / "GmbH" right after an organization joins it, and so
// does the period of a suffix already inside it ("Corp" + ".").
void extend_with_legal_suffix(const Matcher& m, NameSpan& span) {
  if (m.has(span.last - 1, GazetteerClass::org_suffix) &&
      m.past_abbreviation_period(span.last - 1) == span.last + 1) {
    ++span.last;
    return;
  }
  std::size_t i = span.last;
  if (m.is(i, ",") && m.glued(i)) ++i;
  if (!m.has(i, GazetteerClass::org_suffix) || m.token(i).kind != TokenKind::word) return;
  if (!m.token(i).starts_upper && !m.token(i).all_upper() && m.text(i) != "plc") return;
  span.last = m.past_abbreviation_period(i);
}

std::size_t title_person(const Matcher& m, std::size_t start, std::size_t& first) {
  if (!m.has(start, GazetteerClass::title) || !m.token(start).starts_upper) return 0;
  std::size_t i = start + 1;
  if (m.is(i, ".") && m.glued(i)) ++i;
  first = i;
  std::size_t names = 0;
  // Ordinary words after a title are not a name ("General Availability").
  const auto name_word = [&](std::size_t k) {
    return m.capitalized_word(k) && !m.has(k, GazetteerClass::title) &&
           (!m.has(k, GazetteerClass::common_word) ||
            (m.classes(k) & (class_bit(GazetteerClass::given_name) |
                             class_bit(GazetteerClass::family_name))) != 0);
  };
  while (name_word(i) && names < 3) {
    ++names;
    ++i;
    // Initials: "Dr. J. R. Ortiz".
    if (m.token(i - 1).size() == 1 && m.is(i, ".") && m.glued(i)) ++i;
  }
  if (names == 0) return 0;
  while (i > first && m.is(i - 1, ".")) --i;
  return i;
}

// "Royal Society of Marine Biology", "Institute of Tropical Medicine": an
// institution's word, "of" and capitalized words name an organization even
// where the tagger found nothing. Department, Office and Board are left out:
// they name parts of organizations as often ("Department of Surgery").
// Returns the end, or 0; first is where the name starts.
std::size_t institution_of(const Matcher& m, std::size_t head, std::size_t& first) {
  if (!m.is(head + 1, "of") || !m.capitalized_word(head) ||
      !is_one_of(m.text(head), kInstitutionWords)) {
    return 0;
  }
  std::size_t i = head + 2;
  if (m.is(i, "the")) ++i;
  std::size_t end = 0;
  for (std::size_t words = 0; words < 6 && i < m.size(); ++words) {
    if (m.capitalized_word(i)) {
      end = ++i;
    } else if (end != 0 && (m.is(i, "and") || m.is(i, "of") || m.is(i, "for")) &&
               m.capitalized_word(i + 1)) {
      ++i;
    } else {
      break;
    }
  }
  if (end == 0) return 0;
  // Words before the institution's word belong to it when a list does not
  // call them common ("Kelmford Institute of ..."), or they say whose it is.
  first = head;
  while (first > 0 && head - first < 3 && m.capitalized_word(first - 1) &&
         (!m.has(first - 1, GazetteerClass::common_word) ||
          is_one_of(m.text(first - 1), kInstitutionAdjectives))) {
    --first;
  }
  return end;
}

constexpr ClassMask kPersonClasses =
    class_bit(GazetteerClass::given_name) | class_bit(GazetteerClass::family_name);
constexpr ClassMask kPlaceClasses = class_bit(GazetteerClass::city) |
                                    class_bit(GazetteerClass::country) |
                                    class_bit(GazetteerClass::region);
constexpr ClassMask kOrgClasses = class_bit(GazetteerClass::org_suffix) |
                                  class_bit(GazetteerClass::org_word) |
                                  class_bit(GazetteerClass::org_name);

// Commas end names: "Lyon, France" is two places and "Senior Engineer, Acme
// Labs" holds one organization at its end. The one comma kept is an
// organization's before its legal form ("Acme, Inc."). Words in lower case
// do not start a name unless the whole segment is in lower case.
// A dash with space on both sides separates names: "Board of Directors –
// Acme Credit Union", "OSLO – Nordlys AS". Each part stands on its own and
// meets the vetoes alone; hyphens inside words ("Jean-Luc") never split.
std::vector<NameSpan> split_at_dashes(const Matcher& m, const NameSpan& span) {
  std::vector<NameSpan> parts;
  std::size_t first = span.first;
  for (std::size_t i = span.first; i < span.last; ++i) {
    const bool dash = m.is(i, "\u2013") || m.is(i, "\u2014") || m.is(i, "-");
    if (!dash || m.glued(i) || i + 1 >= m.size() || m.glued(i + 1)) continue;
    if (i > first) parts.push_back({span.type, first, i, span.confidence});
    first = i + 1;
  }
  if (first < span.last) parts.push_back({span.type, first, span.last, span.confidence});
  return parts;
}

// Two organizations joined by a conjunction are two: "Grupo Norte y Banco
// Sur", "Stadtwerke Ulm und Kliniken Ulm". Only where the second starts with
// an organization word and both sides have two words or more, so "University
// of Science and Technology" stays one.
std::vector<NameSpan> split_at_conjunction(const Matcher& m, const NameSpan& span) {
  for (std::size_t i = span.first + 2; i + 3 <= span.last; ++i) {
    if (!is_one_of(m.text(i), kConjunctions) || m.token(i).starts_upper) continue;
    if (!m.capitalized_word(i + 1) || !m.has(i + 1, GazetteerClass::org_word)) continue;
    return {{span.type, span.first, i, span.confidence},
            {span.type, i + 1, span.last, span.confidence}};
  }
  return {span};
}

std::vector<NameSpan> split_at_commas(const Matcher& m, const NameSpan& span) {
  std::vector<NameSpan> pieces;
  std::size_t first = span.first;
  for (std::size_t i = span.first; i < span.last; ++i) {
    if (!m.is(i, ",")) continue;
    if (span.type == EntityType::organization && m.has(i + 1, GazetteerClass::org_suffix)) continue;
    if (i > first) pieces.push_back({span.type, first, i, span.confidence});
    first = i + 1;
  }
  if (first < span.last) pieces.push_back({span.type, first, span.last, span.confidence});
  // A state written after its town without a comma is its own place:
  // "Carlton VIC", "Hoboken NJ". Only a listed abbreviation after a word
  // that is not one splits, so "New York" and "UAE" stay whole.
  if (span.type == EntityType::location && !pieces.empty()) {
    NameSpan& last = pieces.back();
    const std::size_t state = last.last - 1;
    if (last.last - last.first > 1 && m.token(state).all_upper() && m.token(state).size() <= 3 &&
        m.token(state - 1).kind == TokenKind::word && !m.token(state - 1).all_upper() &&
        (m.classes(state) & kPlaceClasses) != 0) {
      last.last = state;
      pieces.push_back({span.type, state, state + 1, span.confidence});
    }
  }
  if (span.type == EntityType::organization && pieces.size() > 1) {
    // Firms list their partners with commas: "Hartley, Osei & Brandt LLP" is
    // one name when every piece before the last is a single capitalized word
    // and the last joins names with "&" or "and".
    const NameSpan& tail = pieces.back();
    bool partners = false;
    for (std::size_t i = tail.first; i < tail.last; ++i)
      partners = partners || m.is(i, "&") || m.is(i, "and");
    for (std::size_t p = 0; p + 1 < pieces.size() && partners; ++p) {
      partners = pieces[p].last - pieces[p].first == 1 && m.capitalized_word(pieces[p].first);
    }
    if (partners) {
      pieces = {span};
    } else {
      pieces.erase(pieces.begin(), pieces.end() - 1);
    }
  }
  if (span.type == EntityType::organization && !pieces.empty()) {
    pieces = split_at_conjunction(m, pieces.back());
  }
  if (span.type == EntityType::street_address && pieces.size() > 1) return {span};
  bool segment_has_capitals = false;
  for (std::size_t i = 0; i < m.size(); ++i)
    segment_has_capitals = segment_has_capitals || m.token(i).starts_upper;
  for (NameSpan& piece : pieces) {
    while (segment_has_capitals && piece.first < piece.last &&
           m.token(piece.first).kind == TokenKind::word && !m.token(piece.first).starts_upper &&
           !m.has(piece.first, GazetteerClass::given_name)) {
      ++piece.first;
    }
  }
  return pieces;
}

// In text without capitals ("values[i]", chat in lower case) a tagged name
// is kept only when a list knows one of its words as a name or place:
// shape gives no evidence there, and identifiers abound.
bool plausible_without_capitals(const Matcher& m, const NameSpan& span) {
  constexpr ClassMask kNameClasses =
      class_bit(GazetteerClass::given_name) | class_bit(GazetteerClass::family_name) |
      class_bit(GazetteerClass::city) | class_bit(GazetteerClass::country) |
      class_bit(GazetteerClass::region) | class_bit(GazetteerClass::org_suffix) |
      class_bit(GazetteerClass::org_word);
  bool capitals = false;
  bool known = false;
  for (std::size_t i = span.first; i < span.last; ++i) {
    capitals = capitals || m.token(i).starts_upper;
    known = known || (m.classes(i) & kNameClasses) != 0;
  }
  return capitals || known || span.type == EntityType::street_address;
}

// Name prefixes after which a capital inside a word is normal: "McDonald",
// "DeShawn", "LaToya", "DiCaprio", "VanDyke".
constexpr std::array<std::string_view, 12> kInnerCapitalPrefixes = {
    "Mc", "Mac", "Fitz", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "St"};

// A capital after a lower-case letter inside a word, other than after a name
// prefix, marks an identifier ("RemoteAddr", "HttpOnly") or random text.
bool has_identifier_case(std::string_view word) {
  std::size_t transitions = 0;
  std::size_t first_at = 0;
  for (std::size_t k = 1; k < word.size(); ++k) {
    const bool upper = word[k] >= 'A' && word[k] <= 'Z';
    const bool lower_before = word[k - 1] >= 'a' && word[k - 1] <= 'z';
    if (upper && lower_before) {
      if (transitions == 0) first_at = k;
      ++transitions;
    }
  }
  if (transitions == 0) return false;
  return transitions > 1 || !is_one_of(word.substr(0, first_at), kInnerCapitalPrefixes);
}

// Tokens of code around a word: "data_source", "fmt.Printf", "Parse(",
// "Foo::Bar". A name in prose is not glued to any of these.
bool inside_identifier(const Matcher& m, std::size_t i) {
  const auto glued_word = [&](std::size_t k) {
    return k < m.size() && m.token(k).kind == TokenKind::word;
  };
  if (i > 0 && m.glued(i) &&
      (m.is(i - 1, "_") || m.is(i - 1, "::") || m.is(i - 1, "\\") || m.is(i - 1, "$"))) {
    return true;
  }
  if (m.glued(i + 1) && (m.is(i + 1, "_") || m.is(i + 1, "(") || m.is(i + 1, "::"))) return true;
  // Member access: a lower-case word glued to the other side of a period.
  if (i > 1 && m.is(i - 1, ".") && m.glued(i) && m.glued(i - 1) && glued_word(i - 2) &&
      m.token(i - 2).size() > 1 && !m.token(i - 2).starts_upper) {
    return true;
  }
  return m.is(i + 1, ".") && m.glued(i + 1) && m.glued(i + 2) && glued_word(i + 2) &&
         !m.token(i + 2).starts_upper && m.token(i + 2).has_lower;
}

bool has_street_type(const Matcher& m, const NameSpan& span) {
  for (std::size_t i = span.first; i < span.last; ++i) {
    if (m.street_type(i) || m.compound_street(i)) return true;
  }
  return false;
}

// Whether a span the tagger found can be a name at all. The tagger's weights
// come from prose; these vetoes catch what prose never showed it: code,
// keys, ids, headings of ordinary words.
bool plausible_name(const Matcher& m, const NameSpan& span, bool segment_has_lower) {
  if (span.type == EntityType::street_address) return true;
  const bool person_or_place = span.type == EntityType::person || span.type == EntityType::location;
  if (span.last - span.first == 1 && m.token(span.first).size() == 1) return false;
  // Letters joined by "&" are abbreviations ("R&D", "P&L", "M&A"), not a firm.
  bool all_letters = true;
  for (std::size_t i = span.first; i < span.last; ++i) {
    if (m.token(i).kind == TokenKind::word && m.token(i).size() > 1) all_letters = false;
  }
  if (all_letters) return false;
  bool all_common = true;
  for (std::size_t i = span.first; i < span.last; ++i) {
    const WordToken& token = m.token(i);
    if (token.kind != TokenKind::word) continue;
    const ClassMask classes = m.classes(i);
    const bool named = (classes & (kPersonClasses | kPlaceClasses)) != 0;
    if (token.has_digit || inside_identifier(m, i)) return false;
    if (token.size() > 24) return false;
    // Organizations are vetoed like people and places unless a list knows
    // the word: "JetBrains" is listed, "TelephoneNumber" and "WORKDIR" are not.
    const bool org_unknown = span.type == EntityType::organization &&
                             (classes & (kOrgClasses | kPersonClasses | kPlaceClasses)) == 0;
    if (org_unknown && (has_identifier_case(m.text(i)) ||
                        (span.last - span.first == 1 && segment_has_lower && token.all_upper()))) {
      return false;
    }
    if (person_or_place && !named) {
      if (has_identifier_case(m.text(i))) return false;
      // An unknown acronym in mixed-case text is a code, a currency or a
      // standard, not a person or a place ("EUR", "SAML").
      if (segment_has_lower && token.all_upper() && token.size() >= 2) return false;
      if (token.size() <= 2 && !token.all_upper()) return false;
    }
    const bool common = (classes & class_bit(GazetteerClass::common_word)) != 0 ||
                        (span.type == EntityType::organization &&
                         (classes & class_bit(GazetteerClass::org_word)) != 0);
    if (!common || named || (classes & class_bit(GazetteerClass::org_suffix)) != 0) {
      all_common = false;
    }
  }
  // "Mercy General Hospital": ordinary words before an organization word
  // are the usual way to name one, but not before the word for a part of
  // one ("Finance Department", "Platform Engineering").
  const std::size_t head = span.last - 1;
  if (span.type == EntityType::organization && is_one_of(m.text(head), kRoleWords)) return false;
  const bool specific_before_generic =
      !is_one_of(m.text(head), kGenericOrgHeads) ||
      (m.has(head - 1, GazetteerClass::org_word) && !is_one_of(m.text(head - 1), kGenericOrgHeads));
  const bool org_headed = span.type == EntityType::organization && span.last - span.first > 1 &&
                          m.has(head, GazetteerClass::org_word) &&
                          !is_one_of(m.text(head), kInternalUnitWords) && specific_before_generic;
  return !all_common || org_headed;
}

// Lists settle the type where the tagger's context misled it: a span made of a
// well-known organization's name is an organization ("Barclays", "Zalando"
// look like surnames or towns to the tagger), a span whose
// every word is known only as a place is a place, and a span starting with a
// given name or ending in a family name, with no word known as a place or
// organization word, is a person (a given name the list lacks and a listed
// family name read as a company to the tagger).
void settle_type_from_lists(const Matcher& m, NameSpan& span) {
  if (span.type == EntityType::street_address) return;
  bool all_place = true;
  bool all_person = true;
  bool all_known_org = true;
  bool any_place_or_org = false;
  std::size_t words = 0;
  for (std::size_t i = span.first; i < span.last; ++i) {
    if (m.token(i).kind != TokenKind::word) continue;
    ++words;
    const ClassMask classes = m.classes(i);
    all_place = all_place && (classes & kPlaceClasses) != 0 && (classes & kPersonClasses) == 0 &&
                (classes & kOrgClasses) == 0;
    all_person = all_person && (classes & kPersonClasses) != 0;
    all_known_org = all_known_org && (classes & class_bit(GazetteerClass::org_name)) != 0;
    any_place_or_org = any_place_or_org || (classes & (kPlaceClasses | kOrgClasses)) != 0;
  }
  if (words == 0) return;
  if (all_known_org && !(span.type == EntityType::person && all_person)) {
    span.type = EntityType::organization;
  } else if (all_place) {
    span.type = EntityType::location;
  } else if (span.type == EntityType::organization && !any_place_or_org && words <= 3 &&
             (m.has(span.first, GazetteerClass::given_name) || all_person ||
              (words >= 2 && m.has(span.last - 1, GazetteerClass::family_name)))) {
    span.type = EntityType::person;
  }
}

// Whether a token can continue an organization's name: a word of an
// organization, a place, a legal form or punctuation inside a name.
bool continues_organization(const Matcher& m, std::size_t i) {
  return m.token(i).kind != TokenKind::word || (m.classes(i) & (kOrgClasses | kPlaceClasses)) != 0;
}

// A capitalized word right after a well-known company's name that no list
// ties to organizations or places, and that is an ordinary word or carries a
// model number, names its product ("Nintendo Switch", "Dell Latitude 7440"),
// and the guide labels neither. Other words there name a division or a
// campus ("Roche Diagnostics", "Samsung SDS", "SUNY Binghamton").
bool product_after(const Matcher& m, std::size_t i) {
  if (!m.capitalized_word(i) || m.glued(i) || m.token(i).all_upper()) return false;
  if (continues_organization(m, i) || m.has(i, GazetteerClass::title)) return false;
  return m.has(i, GazetteerClass::common_word) || m.token(i).has_digit ||
         (i + 1 < m.size() && m.token(i + 1).kind == TokenKind::number);
}

// An organization's name does not go on past a possessive unless an
// organization word follows ("Microsoft's Azure" names Microsoft, but
// "St. Aldric Children's Hospital" is one name).
void cut_at_possessive(const Matcher& m, NameSpan& span) {
  for (std::size_t i = span.first + 1; i + 1 < span.last; ++i) {
    const bool possessive = (m.is(i, "'") || m.is(i, "\u2019")) && m.glued(i) && m.glued(i + 1) &&
                            (m.is(i + 1, "s") || m.is(i + 1, "S"));
    if (!possessive) continue;
    bool organization_after = false;
    for (std::size_t k = i + 2; k < span.last; ++k) {
      organization_after = organization_after || (m.classes(k) & kOrgClasses) != 0;
    }
    if (!organization_after) span.last = i;
    return;
  }
}

// A part of an organization named with the whole ("Marketing Department of
// Halden Freight AS") leaves the organization: the span starts after "of"
// when what follows carries a legal form or a well-known name. Without one,
// "Department of Public Health" may be a public body and stays whole.
void drop_unit_of(const Matcher& m, NameSpan& span) {
  for (std::size_t i = span.first + 1; i + 1 < span.last; ++i) {
    if (!m.is(i, "of") || !is_one_of(m.text(i - 1), kInternalUnitWords)) continue;
    for (std::size_t k = i + 1; k < span.last; ++k) {
      if (m.has(k, GazetteerClass::org_suffix) || m.has(k, GazetteerClass::org_name)) {
        span.first = i + 1;
        return;
      }
    }
    return;
  }
}

// Runs of capitalized tokens that the list of well-known organizations names
// ("Tata Power", "UNHCR"), outside code. A list entry is evidence the tagger's
// context cannot always give: a one-word company reads like a surname or a town.
// A run followed by a product's name is left out (see product_after).
std::vector<NameSpan> known_organizations(const Matcher& m) {
  std::vector<NameSpan> found;
  std::size_t i = 0;
  while (i < m.size()) {
    if (!m.has(i, GazetteerClass::org_name) || m.token(i).kind != TokenKind::word ||
        !(m.token(i).starts_upper || m.token(i).all_upper())) {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (m.has(end, GazetteerClass::org_name)) ++end;
    bool code = false;
    for (std::size_t k = i; k < end; ++k) code = code || inside_identifier(m, k);
    if (!code && !product_after(m, end)) {
      found.push_back({EntityType::organization, i, end, kKnownOrganizationConfidence});
    }
    i = end;
  }
  return found;
}

}  // namespace

std::vector<NameSpan> find_street_addresses(const SegmentView& segment) {
  const Matcher m(segment);
  std::vector<NameSpan> found;
  std::size_t i = 0;
  while (i < m.size()) {
    std::size_t end = 0;
    if (m.house_number(i) && (i == 0 || !m.is(i - 1, "#"))) {
      end = m.number_name_type(i);
      if (end == 0) end = m.number_type_name(i);
      // Indian addresses put a comma after the number: "42, 3rd Cross Road".
      if (end == 0 && m.is(i + 1, ",") && m.ordinal(i + 2)) end = m.number_name_type(i + 1);
    }
    if (end == 0) end = m.name_then_number(i);
    if (end == 0) end = m.preposition_place_number(i);
    // South Asian and Gulf addresses number the street itself: "House 14,
    // Road 27". A street type and a number alone are too weak without the unit.
    if (end == 0 && m.street_type(i) && m.house_number(i + 1) && m.extend_with_leading_unit(i) != i)
      end = i + 2;
    if (end == 0) {
      ++i;
      continue;
    }
    // A second number after a slash: "Marszałkowska 84/92".
    if (m.is(end, "/") && m.glued(end) && m.glued(end + 1) && m.house_number(end + 1)) end += 2;
    std::size_t start = i;
    // Australian units before a slash: "3/45 Wattle Grove Rd" is unit 3 of number 45.
    if (i >= 2 && m.is(i - 1, "/") && m.glued(i - 1) && m.glued(i) && m.house_number(i - 2)) {
      start = i - 2;
    }
    // Singapore blocks number the street too: "Blk 214 Bishan Street 23".
    const bool block = start > 0 && m.token(start - 1).starts_upper &&
                       (m.is(start - 1, "Blk") || m.is(start - 1, "Block"));
    if (block && m.house_number(end) && m.text(end).size() <= 2) ++end;
    end = m.extend_with_unit(end);
    std::size_t first = start != i || block ? start : m.extend_with_leading_unit(i);
    if (first == start && start > 0 && m.has(start - 1, GazetteerClass::unit_word) &&
        m.token(start - 1).starts_upper && (start != i || block)) {
      first = start - 1;
    }
    if (!found.empty() && first < found.back().last) first = i;
    found.push_back({EntityType::street_address, first, end, kAddressRuleConfidence});
    i = end;
  }
  return found;
}

namespace {

// A span made of a well-known company's name and then its product's
// ("Toyota Prius") names no organization: nothing after the company's name
// is an organization word, a legal form or a place.
bool names_product(const Matcher& m, const NameSpan& span) {
  std::size_t i = span.first;
  while (i < span.last && m.has(i, GazetteerClass::org_name)) ++i;
  if (i == span.first || i == span.last || !product_after(m, i)) return false;
  for (std::size_t k = i; k < span.last; ++k) {
    if (continues_organization(m, k) && m.token(k).kind == TokenKind::word) return false;
  }
  return true;
}

bool has_ampersand(const Matcher& m, const NameSpan& span) {
  for (std::size_t i = span.first; i < span.last; ++i) {
    if (m.is(i, "&")) return true;
  }
  return false;
}

}  // namespace

std::vector<NameSpan> combine_with_rules(const SegmentView& segment, std::vector<NameSpan> tagged) {
  const Matcher m(segment);
  std::vector<NameSpan> result = find_street_addresses(segment);
  std::vector<bool> taken(m.size(), false);
  auto claim = [&](const NameSpan& span) {
    for (std::size_t i = span.first; i < span.last; ++i) taken[i] = true;
  };
  auto is_free = [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) {
      if (taken[i]) return false;
    }
    return true;
  };
  for (const NameSpan& address : result) claim(address);
  bool segment_has_lower = false;
  bool segment_has_capitals = false;
  for (std::size_t i = 0; i < m.size(); ++i) {
    segment_has_lower = segment_has_lower || m.token(i).has_lower;
    segment_has_capitals = segment_has_capitals || m.token(i).starts_upper;
  }

  std::vector<NameSpan> known = known_organizations(m);
  // A tagged span that cuts into a known organization's name loses to the
  // list, unless it is an organization holding the whole name ("Barclays Bank").
  auto conflicts_with_known = [&](const NameSpan& span) {
    return std::any_of(known.begin(), known.end(), [&](const NameSpan& org) {
      const bool overlap = span.first < org.last && org.first < span.last;
      const bool holds =
          span.type == EntityType::organization && span.first <= org.first && org.last <= span.last;
      return overlap && !holds;
    });
  };
  std::vector<NameSpan> pieces;
  for (const NameSpan& span : tagged) {
    for (const NameSpan& part : split_at_dashes(m, span)) {
      for (const NameSpan& piece : split_at_commas(m, part)) pieces.push_back(piece);
    }
  }
  for (NameSpan& span : pieces) {
    // A title in front makes a person whatever the tagger thought ("Auntie Folake").
    if (span.type != EntityType::street_address && span.last - span.first > 1 &&
        m.has(span.first, GazetteerClass::title) && m.token(span.first).starts_upper) {
      span.type = EntityType::person;
    }
    // An organization ends on a capitalized word or a legal form; a lower-case
    // word after it ("Acme Labs upstairs", "a Delaware corporation.") is the
    // sentence going on, and so is a sentence's period after that word.
    while (segment_has_lower && segment_has_capitals && span.type == EntityType::organization) {
      const std::size_t tail = m.is(span.last - 1, ".") ? span.last - 2 : span.last - 1;
      if (tail <= span.first || tail >= span.last || m.token(tail).kind != TokenKind::word ||
          m.token(tail).starts_upper || m.token(tail).all_upper() ||
          (m.has(tail, GazetteerClass::org_suffix) &&
           !is_one_of(m.text(tail), kDescriptiveLegalForms))) {
        break;
      }
      span.last = tail;
    }
    if (span.type == EntityType::organization) {
      cut_at_possessive(m, span);
      drop_unit_of(m, span);
    }
    if (!trim(m, span) || !plausible_without_capitals(m, span)) continue;
    if (!plausible_name(m, span, segment_has_lower)) continue;
    settle_type_from_lists(m, span);
    if (span.type == EntityType::organization) extend_with_legal_suffix(m, span);
    // The tagger's addresses must at least look like one: a house number, a
    // street type and at least three tokens. Without the street type, digit
    // groups (phone numbers, dates, table rows) pass for addresses.
    if (span.type == EntityType::street_address &&
        (span.last - span.first < 3 || !m.house_number(span.first) || !has_street_type(m, span))) {
      continue;
    }
    if (!is_free(span.first, span.last) || conflicts_with_known(span)) continue;
    if (span.type == EntityType::organization && names_product(m, span)) continue;
    claim(span);
    result.push_back(span);
  }

  for (NameSpan org : known) {
    extend_with_legal_suffix(m, org);
    if (!is_free(org.first, org.last)) continue;
    claim(org);
    result.push_back(org);
  }

  for (std::size_t i = 0; i < m.size(); ++i) {
    std::size_t first = 0;
    const std::size_t end = title_person(m, i, first);
    if (end == 0 || !is_free(first, end)) continue;
    const NameSpan span{EntityType::person, first, end, kTitleRuleConfidence};
    claim(span);
    result.push_back(span);
    i = end - 1;
  }

  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!is_one_of(m.text(i), kStrongLegalSuffixes) || taken[i]) continue;
    if (!m.token(i).starts_upper && is_one_of(m.text(i), kDescriptiveLegalForms)) continue;
    // "Acme Robotics, Inc.": the comma stays inside, between the name and its form.
    std::size_t first = i > 0 && m.is(i - 1, ",") ? i - 1 : i;
    std::size_t words = 0;
    while (first > 0 && words < 4 && m.capitalized_word(first - 1) && !taken[first - 1] &&
           !m.has(first - 1, GazetteerClass::common_word)) {
      --first;
      ++words;
    }
    if (words == 0) continue;
    std::size_t end = i + 1;
    if (m.is(end, ".") && m.glued(end)) ++end;
    NameSpan span{EntityType::organization, first, end, kSuffixRuleConfidence};
    claim(span);
    result.push_back(span);
    i = end - 1;
  }

  for (std::size_t i = 0; segment_has_lower && i < m.size(); ++i) {
    std::size_t first = 0;
    const std::size_t end = institution_of(m, i, first);
    if (end == 0 || !is_free(first, end)) continue;
    const NameSpan span{EntityType::organization, first, end, kSuffixRuleConfidence};
    claim(span);
    result.push_back(span);
    i = end - 1;
  }

  std::sort(result.begin(), result.end(),
            [](const NameSpan& a, const NameSpan& b) { return a.first < b.first; });
  // Two people's names never touch without a comma or "and" between them:
  // "Dana" + "Okafor" split by the tagger is one person.
  std::vector<NameSpan> merged;
  for (NameSpan span : result) {
    // Partners listed before a firm: "Hartley, Osei & Brandt LLP" is one
    // name though the tagger may stop at the comma. A given name there is
    // someone addressed ("Hi Dana, Osei & Brandt sent ...").
    while (!merged.empty() && span.type == EntityType::organization && has_ampersand(m, span) &&
           merged.back().last - merged.back().first == 1 && merged.back().last + 1 == span.first &&
           m.is(merged.back().last, ",") && m.capitalized_word(merged.back().first) &&
           !m.has(merged.back().first, GazetteerClass::given_name)) {
      span.first = merged.back().first;
      merged.pop_back();
    }
    if (!merged.empty() && merged.back().type == EntityType::person &&
        span.type == EntityType::person && merged.back().last == span.first) {
      merged.back().last = span.last;
      merged.back().confidence = std::min(merged.back().confidence, span.confidence);
      continue;
    }
    merged.push_back(span);
  }
  return merged;
}

}  // namespace hearth::privacy::names
