#include "candidate_patterns.h"

#include <hs/hs.h>

#include <vector>

#include "api_key_formats.h"

namespace hearth::privacy::structured {
namespace {

// Patterns avoid a leading unbounded \d+ or [..]+: every pattern has a
// bounded width (see kMaxPatternWidth), and where a value's length is open
// (URLs, JWTs, PEM blocks, keys) the pattern stops at a short anchor and
// validation grows the value from there.
constexpr CandidatePattern kIdentifierPatterns[] = {
    {R"([A-Za-z0-9._%+\-]@[A-Za-z0-9])", 0, false, CandidateKind::email},
    // Phone numbers and bare digit runs are the costliest shapes on log-heavy
    // text; neither tracks its start (SOM would cost Hyperscan about 3x here):
    // validation walks back from the end instead.
    {R"((?:\+[0-9]|\([0-9]|\b[0-9])[0-9()\-. /]{5,22}[0-9]\b)", 0, false, CandidateKind::phone},
    {R"(\b[0-9]{4}(?:[ \-][0-9]{4}){2}[ \-][0-9]{2,4}(?:[ \-][0-9]{1,3})?\b)", 0, true,
     CandidateKind::credit_card},
    {R"(\b[0-9]{4}[ \-][0-9]{6}[ \-][0-9]{4,5}\b)", 0, true, CandidateKind::credit_card},
    {R"(\b[0-9]{9}(?:[0-9]{4,10})?\b)", 0, false, CandidateKind::digit_run},
    {R"(\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b)", 0, true,
     CandidateKind::iban},
    {R"(\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b)", 0, true, CandidateKind::ssn_separated},
    {R"(\b[0-9]{3} [0-9]{2} [0-9]{4}\b)", 0, true, CandidateKind::ssn_separated},
    {R"(\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b)", 0, true, CandidateKind::ipv4},
    {R"(::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:)", 0, false, CandidateKind::ipv6},
    {R"(\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b)", 0, true, CandidateKind::mac_address},
    {R"(\b[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}\b)", 0, true, CandidateKind::mac_address},
    {R"(\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b)", 0, true, CandidateKind::mac_address},
    {R"(\b(?:https?|s?ftp)://)", HS_FLAG_CASELESS, true, CandidateKind::url},
    {R"(\bwww\.[A-Za-z0-9])", HS_FLAG_CASELESS, true, CandidateKind::url},
};

constexpr CandidatePattern kContextPatterns[] = {
    {R"((?:\b|_)(?:dob|d\.o\.b|date[ _\-]?of[ _\-]?birth|birth[ _\-]?date|birthday|born(?:[ \t]{1,4}on)?|geburtsdatum|date de naissance|fecha de nacimiento))",
     HS_FLAG_CASELESS, false, CandidateKind::birth_date_keyword},
    // The state list as an alternation of 56 two-letter literals fires on
    // every upper-case pair in code; two capitals are checked against it in
    // validation instead.
    {R"([A-Z]{2}[.,]{0,2}[ ]{1,2}[0-9]{5})", 0, false, CandidateKind::zip_after_state},
    {R"((?:\b|_)(?:zip(?:[ _\-]?code)?|postal[ _\-]?code|post[ _\-]?code|plz|code postal|postleitzahl|postnummer|c(?:o|\xC3\xB3)digo postal))",
     HS_FLAG_CASELESS, false, CandidateKind::postal_code_keyword},
    {R"((?:\bCEP|\bCP)\b|\xE3\x80\x92)", 0, false, CandidateKind::postal_code_keyword},
    // Codes written in an address without a keyword; validation wants a
    // street word earlier on the line.
    {R"(, (?:[0-9]{4,6}|[0-9]{3} [0-9]{2}) (?:[A-Z]|\xC3[\x80-\x9E]))", 0, false,
     CandidateKind::postal_code_before_city},
    {R"re([A-Za-z\x80-\xFF],? [0-9]{4,6}(?:[.)"';\r\n]|$))re", 0, false,
     CandidateKind::postal_code_after_city},
    {R"(\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}\b)", 0, true,
     CandidateKind::uk_postcode},
    {R"(\b[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]\b)", 0, true,
     CandidateKind::canadian_postcode},
    {R"((?:\b|_)(?:passport|passeport|reisepass|pasaporte|passaporto|passaporte|paspoort|paszport|putovnic[ae]))",
     HS_FLAG_CASELESS, false, CandidateKind::passport_keyword},
    {R"((?:\b|_)(?:driver'?s?[ _\-]?licen[cs]e|driving[ _\-]licen[cs]e|licen[cs]e[ _\-]?(?:no|number|num|nr|#)|f(?:ue|\xC3\xBC)hrerschein))",
     HS_FLAG_CASELESS, false, CandidateKind::drivers_license_keyword},
    {R"(\bDLN?[ ]?(?:#|no\b|number\b|:))", 0, false, CandidateKind::drivers_license_keyword},
    {R"((?:\b|_)licen[cs]e\b)", HS_FLAG_CASELESS, false, CandidateKind::license_keyword},
};

constexpr CandidatePattern kSecretPatterns[] = {
    {R"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)", 0,
     true, CandidateKind::private_key_begin},
    {R"(\beyJ[A-Za-z0-9_\-]{10})", 0, true, CandidateKind::jwt},
    // Long key names may carry any prefix (DB_PASSWORD, PGPASSWORD); the short
    // ones need a non-letter before them so "compass:" and "bypass=" stay out.
    {R"((?:password|passwd|passwort|pwd)(?:["'\]][ \t]{0,3}|[ \t]{0,3})(?::=|=>|=|:))",
     HS_FLAG_CASELESS, false, CandidateKind::password_assignment},
    {R"((?:^|[^A-Za-z])(?:pass|pw)(?:["'\]][ \t]{0,3}|[ \t]{0,3})(?::=|=>|=|:))", HS_FLAG_CASELESS,
     false, CandidateKind::password_assignment},
    {R"(--pass(?:word)?(?:=|[ \t]{1,4}))", HS_FLAG_CASELESS, false, CandidateKind::password_flag},
    {R"(\b(?:password|passcode|passphrase|pwd|pw) (?:is|was|is now|is set to|was set to|has been set to|has been changed to|changed to|reset to|set to|to)\b)",
     HS_FLAG_CASELESS, false, CandidateKind::password_sentence},
    {R"(<pass(?:word|wd)?>)", HS_FLAG_CASELESS, false, CandidateKind::password_element},
    {R"(\bidentified[ \t]{1,4}by[ \t]{1,4})", HS_FLAG_CASELESS, false,
     CandidateKind::sql_identified_by},
    {R"(\bwith[ \t]{1,4}(?:encrypted[ \t]{1,4})?password[ \t]{1,4})", HS_FLAG_CASELESS, false,
     CandidateKind::sql_identified_by},
    // .netrc lines: a login name, then the password after the word "password".
    {R"(\blogin[ \t]{1,4}[^\s]{1,64}\s{1,8}password[ \t]{1,4})", 0, false,
     CandidateKind::password_flag},
    {R"(://[^\s/@:]{0,64}:[^\s/@:]{1,128}@)", 0, false, CandidateKind::url_password},
    {R"((?:^|\n)[A-Za-z0-9.\-*]{1,64}:(?:[0-9]{2,5}|\*):[^:\s]{1,64}:[^:\s]{1,64}:)", 0, false,
     CandidateKind::pgpass_line},
    {R"((?:secret|token|credential|auth|key|session)[A-Za-z0-9_.\-]{0,24}(?:["'\]][ \t]{0,3}|[ \t]{0,3})(?::=|=>|=|:))",
     HS_FLAG_CASELESS, false, CandidateKind::secret_assignment},
    {R"(\bdefine\([ \t]{0,3}['"][A-Za-z0-9_]{1,64}['"][ \t]{0,3},)", HS_FLAG_CASELESS, false,
     CandidateKind::php_constant},
    // redis-cli takes its password as "-a".
    {R"(\bredis-cli\b[^\n]{0,120}[ \t]-a[ \t]{1,4})", 0, false, CandidateKind::password_flag},
    {R"(\bbearer[ \t]{1,4})", HS_FLAG_CASELESS, false, CandidateKind::bearer_token},
    {R"(\bauthorization["']?[ \t]{0,4}[:=][ \t]{0,4}["']?basic[ \t]{1,4})", HS_FLAG_CASELESS, false,
     CandidateKind::basic_credentials},
};

std::vector<CandidatePattern> build_table() {
  std::vector<CandidatePattern> table;
  for (const auto& pattern : kIdentifierPatterns) table.push_back(pattern);
  for (const auto& pattern : kContextPatterns) table.push_back(pattern);
  for (const auto& pattern : kSecretPatterns) table.push_back(pattern);
  const auto formats = api_key_formats();
  for (std::size_t i = 0; i < formats.size(); ++i)
    table.push_back(
        {formats[i].expression, 0, true, CandidateKind::api_key, static_cast<std::uint16_t>(i)});
  return table;
}

}  // namespace

std::span<const CandidatePattern> candidate_patterns() {
  static const std::vector<CandidatePattern> table = build_table();
  return table;
}

}  // namespace hearth::privacy::structured
