#include "postal_code_recognizers.h"

#include <algorithm>
#include <string>

#include "context_words.h"
#include "detected.h"
#include "field_lead_in.h"
#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

// An Irish Eircode: a routing key (a letter and two digits, or D6W) and a
// four-character identifier, both from the letters An Post uses.
bool eircode_letter(char c) {
  return is_digit(c) || std::string_view("ACDEFHKNPRTVWXY").find(c) != std::string_view::npos;
}

bool is_eircode(std::string_view compact) {
  if (compact.size() != 7) return false;
  const bool routing_key =
      compact.substr(0, 3) == "D6W" || (eircode_letter(compact[0]) && !is_digit(compact[0]) &&
                                        is_digit(compact[1]) && is_digit(compact[2]));
  return routing_key && std::all_of(compact.begin() + 3, compact.end(), eircode_letter);
}

std::string to_compact(std::string_view code) {
  std::string compact;
  for (char c : code)
    if (c != ' ') compact.push_back(c);
  return compact;
}

}  // namespace

std::size_t postal_code_length_at(std::string_view text, std::size_t at) {
  std::size_t digits = 0;
  while (at + digits < text.size() && is_digit(text[at + digits])) ++digits;
  if (digits == 5 && at + 10 <= text.size() && text[at + 5] == '-' &&
      all_of_digits(text.substr(at + 6, 4)) && ends_token(text, at + 10))
    return 10;
  if (digits == 4 && at + 7 <= text.size() && text[at + 4] == ' ' && is_upper(text[at + 5]) &&
      is_upper(text[at + 6]) && ends_token(text, at + 7))
    return 7;
  // Brazil's CEP (01426-001) and Japan's 〒460-0008.
  if (((digits == 5 && at + 9 <= text.size() && all_of_digits(text.substr(at + 6, 3)) &&
        ends_token(text, at + 9)) ||
       (digits == 3 && at + 8 <= text.size() && all_of_digits(text.substr(at + 4, 4)) &&
        ends_token(text, at + 8))) &&
      text[at + digits] == '-')
    return digits == 5 ? 9 : 8;
  if (digits >= 4 && digits <= 6 && ends_token(text, at + digits)) return digits;
  if (digits > 0) return 0;
  // Letter-led codes: read up to eight bytes of upper-case letters, digits
  // and one space, then check the shape.
  std::size_t end = at;
  bool space_seen = false;
  while (end < text.size() && end - at < 8 &&
         (is_upper(text[end]) || is_digit(text[end]) || (text[end] == ' ' && !space_seen))) {
    space_seen |= text[end] == ' ';
    ++end;
  }
  while (end > at && text[end - 1] == ' ') --end;
  const std::string compact = to_compact(text.substr(at, end - at));
  if (!ends_token(text, end)) return 0;
  const bool canadian = compact.size() == 6 && is_upper(compact[0]) && is_digit(compact[1]) &&
                        is_upper(compact[2]) && is_digit(compact[3]) && is_upper(compact[4]) &&
                        is_digit(compact[5]);
  const bool british = compact.size() >= 5 && compact.size() <= 7 &&
                       is_digit(compact[compact.size() - 3]) &&
                       is_upper(compact[compact.size() - 2]) && is_upper(compact.back()) &&
                       is_upper(compact[0]) && count_digits(compact) >= 2;
  return canadian || british || is_eircode(compact) ? end - at : 0;
}

namespace {

// UK postcode areas: the one or two letters a postcode starts with.
bool known_uk_area(std::string_view area) {
  static constexpr std::string_view kAreas[] = {
      "AB", "AL", "B",  "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB",
      "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL",
      "DN", "DT", "DY", "E",  "EC", "EH", "EN", "EX", "FK", "FY", "G",  "GL", "GU", "GY",
      "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA",
      "KT", "KW", "KY", "L",  "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M",  "ME", "MK",
      "ML", "N",  "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL",
      "PO", "PR", "RG", "RH", "RM", "S",  "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO",
      "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
      "UB", "W",  "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE"};
  return std::find(std::begin(kAreas), std::end(kAreas), area) != std::end(kAreas);
}

}  // namespace

std::optional<Detection> confirm_postal_code_after_keyword(std::string_view text,
                                                           std::size_t keyword_end) {
  if (keyword_end < text.size() && is_alpha(text[keyword_end])) return std::nullopt;
  const std::size_t at = value_start_after(text, keyword_end, {"code", "is", "no", "number"});
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t length = postal_code_length_at(text, at);
  if (length == 0) return std::nullopt;
  return detected(EntityType::postal_code, at, at + length, 0.85f, "postal_code");
}

namespace {

// Street types and address field names in the languages the postal code
// formats below come from. A compound street name carries its type as a
// suffix ("Kaiserstraße", "Kungsgatan").
bool is_address_word(std::string_view lower_word) {
  static constexpr std::string_view kWords[] = {
      "street",  "st",       "road",    "rd",        "avenue",   "ave",       "lane",
      "drive",   "court",    "way",     "boulevard", "blvd",     "place",     "square",
      "terrace", "crescent", "highway", "parkway",   "grove",    "close",     "suite",
      "apt",     "unit",     "rue",     "chemin",    "via",      "viale",     "piazza",
      "calle",   "avenida",  "rua",     "carrer",    "ul",       "ulica",     "kv",
      "address", "addr",     "adresse", "anschrift", "endereço", "dirección", "indirizzo"};
  static constexpr std::string_view kSuffixes[] = {
      "straße", "strasse", "gasse",  "allee", "platz",  "weg",   "gata", "gatan",  "vägen",
      "vej",    "gade",    "straat", "laan",  "gracht", "plein", "kade", "singel", "dijk"};
  if (std::find(std::begin(kWords), std::end(kWords), lower_word) != std::end(kWords)) return true;
  for (std::string_view suffix : kSuffixes)
    if (lower_word.ends_with(suffix)) return true;
  return false;
}

// True when the line before `at` (up to 120 bytes of it) names a street or
// an address field: a bare number then reads as part of an address.
bool address_cue_before(std::string_view text, std::size_t at) {
  std::size_t begin = at;
  while (begin > 0 && at - begin < 120 && text[begin - 1] != '\n') --begin;
  const std::string line = to_lower_ascii(text.substr(begin, at - begin));
  auto word_byte = [](char c) { return is_alnum(c) || static_cast<unsigned char>(c) >= 0x80; };
  for (std::size_t i = 0; i < line.size();) {
    if (!word_byte(line[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && word_byte(line[end])) ++end;
    if (is_address_word(std::string_view(line).substr(i, end - i))) return true;
    i = end;
  }
  return false;
}

bool starts_capitalized_word(std::string_view text, std::size_t at) {
  if (at >= text.size()) return false;
  const auto c = static_cast<unsigned char>(text[at]);
  // Latin-1 capitals in UTF-8: "Örebro", "Île-de-France".
  return is_upper(text[at]) ||
         (c == 0xC3 && at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) < 0x9F);
}

// A street type among the three words after `end`: the number before it is
// a house number ("1450 Larkspur Avenue"), not a postal code.
bool street_word_follows(std::string_view text, std::size_t end) {
  std::size_t word = end;
  for (int words = 0; words < 3 && word < text.size() && text[word] == ' '; ++words) {
    std::size_t word_end = ++word;
    while (word_end < text.size() &&
           (is_alnum(text[word_end]) || static_cast<unsigned char>(text[word_end]) >= 0x80))
      ++word_end;
    if (is_address_word(to_lower_ascii(text.substr(word, word_end - word)))) return true;
    word = word_end;
  }
  return false;
}

// Dutch postcodes ("1015 CJ") never use the letter pairs SA, SD and SS.
// Four digits followed by two capitals and a space are a Dutch code whole,
// never the digits alone before a city "CJ".
bool dutch_code_shape_fits(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view code = text.substr(begin, end - begin);
  if (code.ends_with(" SA") || code.ends_with(" SD") || code.ends_with(" SS")) return false;
  const bool letters_follow = end + 3 < text.size() && text[end] == ' ' &&
                              is_upper(text[end + 1]) && is_upper(text[end + 2]) &&
                              text[end + 3] == ' ';
  return !(code.size() == 4 && letters_follow);
}

// The line before the one that holds `at`, when it names a street or an
// address field: "Keizersgracht 123\n1015 CJ Amsterdam".
bool address_cue_on_line_before(std::string_view text, std::size_t at) {
  const std::size_t line_begin = text.rfind('\n', at == 0 ? 0 : at - 1);
  if (line_begin == std::string_view::npos || line_begin == 0 || at == 0) return false;
  return address_cue_before(text, line_begin);
}

}  // namespace

std::optional<Detection> confirm_postal_code_before_city(std::string_view text,
                                                         std::size_t match_end) {
  // The match ends inside the city's first letter: ", 50933 K", ", 903 25 Ö"
  // or "\n1015 CJ A".
  std::size_t end = match_end - 1;
  while (text[end] != ' ') --end;
  std::size_t begin = end;
  while (text[begin - 1] != ',' && text[begin - 1] != '\n') --begin;
  const bool own_line = text[begin - 1] == '\n';
  if (!own_line) ++begin;
  // A street word says the code belongs to an address: on the same line
  // before the comma (not a count after a clause, "In 2019, 12000 People"),
  // or on the line above ("Keizersgracht 123\n1015 CJ Amsterdam").
  if (!(own_line ? address_cue_on_line_before(text, begin) : address_cue_before(text, begin)))
    return std::nullopt;
  // "Apt 4, 1450 Larkspur Avenue": a house number, its street type follows.
  if (street_word_follows(text, end)) return std::nullopt;
  if (!dutch_code_shape_fits(text, begin, end)) return std::nullopt;
  return detected(EntityType::postal_code, begin, end, 0.8f, "postal_code");
}

std::optional<Detection> confirm_postal_code_after_city(std::string_view text,
                                                        std::size_t match_end) {
  // The match ends on the byte after the code: "Dhaka 1212." or "Cape Town, 8001\n".
  std::size_t end = match_end;
  if (!is_digit(text[end - 1])) --end;
  // The pattern's '$' also fires where the scanner's window ends mid-text.
  if (end < text.size() && std::string_view(".)\"';\r\n").find(text[end]) == std::string_view::npos)
    return std::nullopt;
  std::size_t begin = end;
  while (begin > 0 && is_digit(text[begin - 1])) --begin;
  if (end - begin < 4 || end - begin > 6) return std::nullopt;
  // "Portland 04101." but not "12.04101": a decimal or a longer number.
  if (end + 1 < text.size() && text[end] == '.' && is_digit(text[end + 1])) return std::nullopt;
  std::size_t word_end = begin - 1;
  if (word_end > 0 && text[word_end - 1] == ',') --word_end;
  std::size_t word_begin = word_end;
  while (word_begin > 0 && (is_alpha(text[word_begin - 1]) ||
                            static_cast<unsigned char>(text[word_begin - 1]) >= 0x80))
    --word_begin;
  // The city ("Rotorua") or the state abbreviation ("VIC") comes right
  // before; "O_CLOEXEC, 0666" is a flag in code.
  if (!starts_capitalized_word(text, word_begin)) return std::nullopt;
  if (word_begin > 0 && (text[word_begin - 1] == '_' || is_digit(text[word_begin - 1])))
    return std::nullopt;
  if (!address_cue_before(text, word_begin)) return std::nullopt;
  return detected(EntityType::postal_code, begin, end, 0.75f, "postal_code");
}

namespace {

bool us_state_code(std::string_view code) {
  static constexpr std::string_view kStates[] = {
      "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
      "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
      "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
      "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP"};
  return std::find(std::begin(kStates), std::end(kStates), code) != std::end(kStates);
}

// The five digits ending at match_end, with a "-1234" after them taken in
// as ZIP+4; nothing when the digits run on into a longer number.
std::optional<Detection> zip_code_ending_at(std::string_view text, std::size_t match_end) {
  const std::size_t begin = match_end - 5;
  std::size_t end = match_end;
  if (end + 5 <= text.size() && text[end] == '-' && all_of_digits(text.substr(end + 1, 4)))
    end += 5;
  if (end < text.size() &&
      (is_word_byte(text[end]) || ((text[end] == '-' || text[end] == '.') &&
                                   end + 1 < text.size() && is_digit(text[end + 1]))))
    return std::nullopt;
  return detected(EntityType::postal_code, begin, end, 0.85f, "postal_code");
}

}  // namespace

std::optional<Detection> confirm_zip_after_state(std::string_view text, std::size_t match_end) {
  std::size_t state_end = match_end - 5;
  while (text[state_end - 1] == ' ') --state_end;
  while (text[state_end - 1] == '.' || text[state_end - 1] == ',') --state_end;
  const std::size_t state_begin = state_end - 2;
  if (!us_state_code(text.substr(state_begin, 2))) return std::nullopt;
  if (state_begin > 0 && is_word_byte(text[state_begin - 1])) return std::nullopt;
  return zip_code_ending_at(text, match_end);
}

std::optional<Detection> confirm_zip_after_state_name(std::string_view text,
                                                      std::size_t match_end) {
  return zip_code_ending_at(text, match_end);
}

std::optional<Detection> confirm_australian_postcode(std::string_view text, std::size_t match_end) {
  const std::size_t begin = match_end - 4;
  if (match_end < text.size() && (is_word_byte(text[match_end]) ||
                                  ((text[match_end] == '.' || text[match_end] == '-') &&
                                   match_end + 1 < text.size() && is_digit(text[match_end + 1]))))
    return std::nullopt;
  // The suburb comes before the state: "Parramatta NSW 2150", "Perth, WA 6000".
  std::size_t state_begin = begin;
  while (state_begin > 0 && text[state_begin - 1] == ' ') --state_begin;
  while (state_begin > 0 && is_upper(text[state_begin - 1])) --state_begin;
  std::size_t suburb_end = state_begin;
  while (suburb_end > 0 && (text[suburb_end - 1] == ' ' || text[suburb_end - 1] == ','))
    --suburb_end;
  if (suburb_end == state_begin || suburb_end == 0 || !is_lower(text[suburb_end - 1]))
    return std::nullopt;
  std::size_t suburb_begin = suburb_end;
  while (suburb_begin > 0 && is_alpha(text[suburb_begin - 1])) --suburb_begin;
  if (!is_upper(text[suburb_begin])) return std::nullopt;
  return detected(EntityType::postal_code, begin, match_end, 0.8f, "postal_code");
}

std::optional<Detection> confirm_eircode(std::string_view text, std::size_t begin,
                                         std::size_t end) {
  if (!is_eircode(to_compact(text.substr(begin, end - begin)))) return std::nullopt;
  const ContextWindow context(text, begin, end, 64, 24);
  const bool irish = context.has_near(
      {"ireland", "eircode", "dublin", "cork", "galway", "limerick", "co", "county"});
  if (!irish && !address_cue_before(text, begin) && !address_cue_on_line_before(text, begin))
    return std::nullopt;
  return detected(EntityType::postal_code, begin, end, 0.8f, "postal_code");
}

std::optional<Detection> confirm_uk_postcode(std::string_view text, std::size_t begin,
                                             std::size_t end) {
  const std::string_view code = text.substr(begin, end - begin);
  const std::size_t area_length = is_upper(code[1]) ? 2 : 1;
  if (!known_uk_area(code.substr(0, area_length))) return std::nullopt;
  const bool spaced = code.find(' ') != std::string_view::npos;
  float confidence = spaced ? 0.7f : 0.45f;
  const ContextWindow context(text, begin, end, 64, 24);
  if (context.has_near({"uk", "united kingdom", "england", "scotland", "wales", "london", "road",
                        "street", "lane", "avenue", "postcode", "post code", "address"}))
    confidence += 0.2f;
  return detected(EntityType::postal_code, begin, end, confidence, "postal_code");
}

std::optional<Detection> confirm_canadian_postcode(std::string_view text, std::size_t begin,
                                                   std::size_t end) {
  const bool spaced = text[begin + 3] == ' ';
  float confidence = spaced ? 0.6f : 0.4f;
  const ContextWindow context(text, begin, end, 48, 24);
  if (context.has_near({"on",        "qc",     "bc",      "ab",          "mb",      "sk",
                        "ns",        "nb",     "nl",      "pe",          "yt",      "nt",
                        "nu",        "canada", "ontario", "quebec",      "toronto", "montreal",
                        "vancouver", "ottawa", "calgary", "postal code", "address"}))
    confidence += 0.25f;
  return detected(EntityType::postal_code, begin, end, confidence, "postal_code");
}

}  // namespace hearth::privacy::structured
