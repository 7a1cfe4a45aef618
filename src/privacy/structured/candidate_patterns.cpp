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
    {R"((?:\b|_)(?:dob|d\.o\.b|date[ _\-]?of[ _\-]?birth|birth[ _\-]?date|birthday|born(?:[ \t]{1,4}on)?|n(?:\xC3\xA9|e)e?[ \t]le|nacid[oa][ \t]el|nat[oa][ \t]il|nascid[oa][ \t]em|geboren(?:[ \t](?:am|op))?|geburtsdatum|date de naissance|fecha de nacimiento|data di nascita|data de nascimento|geboortedatum|f(?:\xC3\xB6|o)delsedatum|f(?:\xC3\xB8|o)dselsdato|data urodzenia))",
     HS_FLAG_CASELESS, false, CandidateKind::birth_date_keyword},
    // The state list as an alternation of 56 two-letter literals fires on
    // every upper-case pair in code; two capitals are checked against it in
    // validation instead.
    {R"([A-Z]{2}[.,]{0,2}[ ]{1,2}[0-9]{5})", 0, false, CandidateKind::zip_after_state},
    // Written-out state names are long literals, cheap to match directly.
    {R"(\b(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|District of Columbia|Puerto Rico)(?:,[ ]{0,2}|[ ]{1,2})[0-9]{5})",
     0, false, CandidateKind::zip_after_state_name},
    {R"(\b(?:NSW|VIC|QLD|TAS|ACT|NT|SA|WA)[ ]{1,2}[0-9]{4})", 0, false,
     CandidateKind::australian_postcode},
    {R"((?:\b|_)(?:zip(?:[ _\-]?code)?|postal[ _\-]?code|post[ _\-]?code|plz|code postal|postleitzahl|postnummer|c(?:o|\xC3\xB3)digo postal|eircode|postcode))",
     HS_FLAG_CASELESS, false, CandidateKind::postal_code_keyword},
    {R"((?:\bCEP|\bCP)\b|\xE3\x80\x92)", 0, false, CandidateKind::postal_code_keyword},
    // Codes written in an address without a keyword, between the street and
    // the city: after the comma that ends the street, or opening the line
    // below it (Brazil's CEP and Poland's codes carry a hyphen: "01304-000",
    // "00-514"). Validation wants a street word on that line.
    {R"((?:, |\n)(?:[0-9]{4,6}|[0-9]{3} [0-9]{2}|[1-9][0-9]{3} [A-Z]{2}|[0-9]{5}-[0-9]{3}|[0-9]{2}-[0-9]{3}) (?:[A-Z]|\xC3[\x80-\x9E]))",
     0, false, CandidateKind::postal_code_before_city},
    {R"re([A-Za-z\x80-\xFF],? [0-9]{4,6}(?:[.)"';\r\n]|$))re", 0, false,
     CandidateKind::postal_code_after_city},
    // UK postcodes and, in the same pattern (one engine instead of two),
    // Irish Eircodes with their space (unspaced ones are read after the
    // "Eircode" keyword).
    {R"(\b(?:[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}|(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W) [0-9AC-FHKNPRTV-Y]{4})\b)",
     0, true, CandidateKind::uk_postcode},
    {R"(\b[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]\b)", 0, true,
     CandidateKind::canadian_postcode},
    {R"((?:\b|_)(?:passport|passeport|reisepass|pasaporte|passaporto|passaporte|paspoort|paszport|putovnic[ae]))",
     HS_FLAG_CASELESS, false, CandidateKind::passport_keyword},
    // The apostrophe may be typographic (U+2019) in prose.
    {R"((?:\b|_)(?:driver(?:'|\xE2\x80\x99)?s?[ _\-]?licen[cs]e|driving[ _\-]licen[cs]e|licen[cs]e[ _\-]?(?:no|number|num|nr|#)|f(?:ue|\xC3\xBC)hrerschein|permis de conduire|rijbewijs|licencia de (?:conducir|manejo)|patente di guida|k(?:\xC3\xB6|o)rkort|prawo jazdy|carteira de motorista))",
     HS_FLAG_CASELESS, false, CandidateKind::drivers_license_keyword},
    {R"(\bC?DLN?[ ]?(?:#|no\b|number\b|:))", 0, false, CandidateKind::drivers_license_keyword},
    {R"((?:\b|_)licen[cs]e\b)", HS_FLAG_CASELESS, false, CandidateKind::license_keyword},
    // A header cell with its delimiters: a CSV/TSV/pipe header or an SQL
    // column list, its name perhaps qualified ("patient_dob", "ship_zip");
    // validation checks the line or the statement around it.
    {R"((?:^|[\n,;\t|(])[ \t]{0,4}["'`\[]?(?:[a-z]{1,16}_)?(?:dob|d\.o\.b\.?|date[ _\-]?of[ _\-]?birth|birth[ _\-]?date|birthday|zip|zip[ _\-]?code|postal[ _\-]?code|post[ _\-]?code|plz|passport(?:[ _\-]?(?:no|num|number|nr))?|driver'?s?[ _\-]?licen[cs]e(?:[ _\-]?(?:no|num|number|nr))?|dl[ _\-]?(?:no|num|number|nr)|licen[cs]e[ _\-]?(?:no|num|number|nr)|password|passwd|pwd)["'`\]]?[ \t]{0,4}(?:[,;\t|)]|\r?\n))",
     HS_FLAG_CASELESS, false, CandidateKind::column_header},
};

constexpr CandidatePattern kSecretPatterns[] = {
    {R"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)", 0,
     true, CandidateKind::private_key_begin},
    {R"(\beyJ[A-Za-z0-9_\-]{10})", 0, true, CandidateKind::jwt},
    // Long key names may carry any prefix (DB_PASSWORD, PGPASSWORD); the short
    // ones need a non-letter before them so "compass:" and "bypass=" stay out.
    {R"((?:password|passwd|passwort|pwd)(?:["'\]]{1,2}[ \t]{0,3}|[ \t]{0,24})(?::=|=>|\|\|=|\?\?=|=|:))",
     HS_FLAG_CASELESS, false, CandidateKind::password_assignment},
    {R"((?:^|[^A-Za-z])(?:pass|pw)(?:["'\]][ \t]{0,3}|[ \t]{0,3})(?::=|=>|=|:))", HS_FLAG_CASELESS,
     false, CandidateKind::password_assignment},
    {R"(--pass(?:word)?(?:=|[ \t]{1,4}))", HS_FLAG_CASELESS, false, CandidateKind::password_flag},
    {R"(\b(?:password|passcode|passphrase|pwd|pw) (?:is|was|is now|is set to|was set to|has been set to|has been changed to|changed to|reset to|set to|to)\b)",
     HS_FLAG_CASELESS, false, CandidateKind::password_sentence},
    // "the password for the lab router is X": validation wants the words in
    // between to be few and to hold no verb of their own.
    {R"(\b(?:password|passcode|passphrase|pwd|pw)[ \t]{1,4}(?:for|of|on)[ \t][^\n.?!]{1,48}[ \t](?:is|was|is now)[ \t])",
     HS_FLAG_CASELESS, false, CandidateKind::password_sentence},
    // "the API key is X", "her session token was X".
    {R"(\b(?:secret|token|api[ _\-]?key|access[ _\-]?key|secret[ _\-]?key|client[ _\-]?secret)[ \t]{1,4}(?:is|was|is now|to|set to|reset to|changed to|rotated to)[ \t])",
     HS_FLAG_CASELESS, false, CandidateKind::secret_sentence},
    {R"(<pass(?:word|wd)?>)", HS_FLAG_CASELESS, false, CandidateKind::password_element},
    // Hibernate and Spring XML: <property name="connection.password">X</property>.
    {R"(\bname[ \t]{0,2}=[ \t]{0,2}["'][A-Za-z0-9_.:\-]{0,40}(?:password|passwd|pwd)["'][ \t]{0,4}>)",
     HS_FLAG_CASELESS, false, CandidateKind::password_element},
    // "password 'Autumn#2023' rejected": a quoted value right after the word.
    {R"(\b(?:password|passwd|passcode|passphrase)[ \t]{1,4}["'])", HS_FLAG_CASELESS, false,
     CandidateKind::password_quoted},
    // .NET/XML settings: <add key="DbPassword" value="X" />, <entry name="password" value="X"/>.
    {R"(\b(?:key|name)[ \t]{0,2}=[ \t]{0,2}["'][A-Za-z0-9_.:\-]{0,40}(?:password|passwd|pwd)["'][ \t]{1,4}value[ \t]{0,2}=)",
     HS_FLAG_CASELESS, false, CandidateKind::password_flag},
    // The same settings naming a secret: <add key="WebhookSecret" value="X" />.
    {R"(\b(?:key|name)[ \t]{0,2}=[ \t]{0,2}["'][A-Za-z0-9_.:\-]{0,40}(?:secret|token|key|credential)["'][ \t]{1,4}value[ \t]{0,2}=)",
     HS_FLAG_CASELESS, false, CandidateKind::secret_setting},
    // A Dockerfile's ENV without '=': ENV POSTGRES_PASSWORD X.
    {R"(\bENV[ \t]{1,4}[A-Z0-9_]{0,40}(?:PASSWORD|PASSWD|_PWD|_PASS)[ \t]{1,4})", 0, false,
     CandidateKind::password_flag},
    {R"(\bidentified[ \t]{1,4}by[ \t]{1,4})", HS_FLAG_CASELESS, false,
     CandidateKind::sql_identified_by},
    {R"(\b(?:with|login)[ \t]{1,4}(?:encrypted[ \t]{1,4})?password[ \t]{1,4})", HS_FLAG_CASELESS,
     false, CandidateKind::sql_identified_by},
    // .netrc lines: a login name, then the password after the word "password".
    {R"(\blogin[ \t]{1,4}[^\s]{1,64}\s{1,8}password[ \t]{1,4})", 0, false,
     CandidateKind::password_flag},
    {R"(://[^\s/@:]{0,64}:[^\s/@:]{1,128}@)", 0, false, CandidateKind::url_password},
    {R"((?:^|\n)[A-Za-z0-9.\-*]{1,64}:(?:[0-9]{2,5}|\*):[^:\s]{1,64}:[^:\s]{1,64}:)", 0, false,
     CandidateKind::pgpass_line},
    {R"((?:secret|token|credential|auth|key|session)[A-Za-z0-9_.\-]{0,24}(?:["'\]]{1,2}[ \t]{0,3}|[ \t]{0,24})(?::=|=>|\|\|=|\?\?=|=|:))",
     HS_FLAG_CASELESS, false, CandidateKind::secret_assignment},
    {R"(\bdefine\([ \t]{0,3}['"][A-Za-z0-9_]{1,64}['"][ \t]{0,3},)", HS_FLAG_CASELESS, false,
     CandidateKind::php_constant},
    // Command-line tools whose documented flag takes the password as its
    // value: redis-cli -a, sshpass -p, docker login -p, mongo -p, sqlcmd -P,
    // ldapsearch -w, zip -P, xfreerdp /p:, net use /user:NAME X, rabbitmqctl
    // add_user NAME X, htpasswd -b FILE NAME X, openssl -passin pass:X,
    // keytool -storepass X.
    {R"(\bredis-cli\b[^\n]{0,120}[ \t]-a[ \t]{1,4})", 0, false, CandidateKind::password_flag},
    {R"(\bsshpass\b[^\n]{0,40}[ \t]-p[ \t]{0,4})", 0, false, CandidateKind::password_flag},
    {R"(\b(?:docker|podman|buildah|skopeo|helm[ \t]{1,4}registry)[ \t]{1,4}login\b[^\n]{0,120}[ \t]-p[ \t]{1,4})",
     0, false, CandidateKind::password_flag},
    {R"(\bmongo(?:sh|dump|restore|import|export|stat|top)?\b[^\n]{0,160}[ \t]-p[ \t]{1,4})", 0,
     false, CandidateKind::password_flag},
    {R"(\b(?:sqlcmd|bcp|osql)\b[^\n]{0,160}[ \t]-P[ \t]{0,4})", 0, false,
     CandidateKind::password_flag},
    {R"(\bldap(?:search|add|modify|delete|passwd|whoami|compare|modrdn)\b[^\n]{0,160}[ \t]-w[ \t]{1,4})",
     0, false, CandidateKind::password_flag},
    {R"(\b(?:zip|unzip)\b[^\n]{0,120}[ \t]-P[ \t]{1,4})", 0, false, CandidateKind::password_flag},
    {R"(\bx?freerdp\b[^\n]{0,160}[ \t]/p:)", 0, false, CandidateKind::password_flag},
    {R"(\bnet[ \t]{1,4}use\b[^\n]{0,120}[ \t]/user:[^\s]{1,64}[ \t]{1,4})", HS_FLAG_CASELESS, false,
     CandidateKind::password_flag},
    {R"(\brabbitmqctl[ \t]{1,4}(?:add_user|change_password)[ \t]{1,4}[^\s]{1,64}[ \t]{1,4})", 0,
     false, CandidateKind::password_flag},
    {R"(\bhtpasswd[ \t]{1,4}-[A-Za-z]{0,4}b[A-Za-z]{0,4}[ \t]{1,4}[^\s]{1,128}[ \t]{1,4}[^\s]{1,64}[ \t]{1,4})",
     0, false, CandidateKind::password_flag},
    {R"([ \t]-pass(?:in|out)?[ \t]{1,4}pass:)", 0, false, CandidateKind::password_flag},
    {R"([ \t]-(?:src|dest|new)?(?:store|key)pass[ \t]{1,4})", 0, false,
     CandidateKind::password_flag},
    // mysql -pX and 7z -pX: a space after -p means "prompt for it".
    {R"(\bmysql(?:dump|admin|import|check|sh|slap|binlog)?\b[^\n]{0,120}[ \t]-p)", 0, false,
     CandidateKind::password_attached_flag},
    {R"(\b7za?\b[^\n]{0,120}[ \t]-p)", 0, false, CandidateKind::password_attached_flag},
    {R"(\bcurl\b[^\n]{0,200}[ \t](?:-u|--user)(?:[ \t]{1,4}|=))", 0, false,
     CandidateKind::user_colon_password},
    {R"(\b(?:mysqli_connect|mysqli|mysql_p?connect|real_connect|PDO|getConnection|ftp_login|ldap_bind|login|HTTPBasicAuth|HTTPDigestAuth|NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials|[Ss]etBasicAuth|basic_auth|BasicAWSCredentials|BasicSessionCredentials|NewStaticCredentialsProvider|NewStaticCredentials|AwsBasicCredentials\.create|AwsSessionCredentials\.create|auth[ \t]{0,2}=)[ \t]{0,2}\()",
     0, false, CandidateKind::credential_call},
    {R"(\b(?:login|log in|logins|creds|credentials|user/pass(?:word)?|username/password|user ?& ?pass(?:word)?)\b)",
     HS_FLAG_CASELESS, false, CandidateKind::credential_phrase},
    {R"(\bbearer[ \t]{1,4})", HS_FLAG_CASELESS, false, CandidateKind::bearer_token},
    // "Authorization: Token X": Django REST framework's and GitHub's scheme.
    {R"(\bauthorization["']?[ \t]{0,4}[:=][ \t]{0,4}["']?token[ \t]{1,4})", HS_FLAG_CASELESS, false,
     CandidateKind::bearer_token},
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
