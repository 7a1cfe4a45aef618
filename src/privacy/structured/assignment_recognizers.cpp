#include "assignment_recognizers.h"

#include <algorithm>
#include <string>
#include <vector>

#include "assigned_values.h"
#include "context_words.h"
#include "detected.h"
#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

constexpr std::size_t kMaxPassword = 128;
constexpr std::size_t kMaxSecret = 512;

// Words that follow "password:" or "password is" in prose and instructions
// rather than a password ("Password: click the link", "password is
// incorrect").
bool is_prose_word(std::string_view value) {
  static constexpr std::string_view kWords[] = {
      "the",       "a",       "an",        "your",      "my",       "not",       "too",
      "incorrect", "wrong",   "invalid",   "expired",   "required", "correct",   "missing",
      "changed",   "being",   "still",     "now",       "set",      "reset",     "ok",
      "fine",      "weak",    "strong",    "valid",     "case",     "stored",    "hashed",
      "encrypted", "saved",   "same",      "different", "in",       "on",        "at",
      "for",       "that",    "this",      "it",        "also",     "very",      "so",
      "click",     "enter",   "forgot",    "use",       "see",      "below",     "above",
      "sent",      "needed",  "protected", "only",      "must",     "should",    "will",
      "can",       "cannot",  "is",        "was",       "and",      "or",        "of",
      "to",        "with",    "from",      "by",        "here",     "there",     "unknown",
      "blank",     "none",    "generated", "random",    "secure",   "temporary", "new",
      "old",       "current", "updated",   "accepted",  "rejected", "mismatch",  "length",
      "policy",    "managed", "reused",    "long",      "short",    "simple",    "easy",
      "hard",      "complex"};
  const std::string lower = to_lower_ascii(value);
  return std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
}

// An unquoted value that is code, not a literal: a call, an index, a
// member access ("config.db.password", "os.environ['X']"), or a snake_case
// variable name made only of words.
bool looks_like_code_reference(std::string_view value) {
  if (value.find_first_of("()[]{}") != std::string_view::npos ||
      value.find("::") != std::string_view::npos)
    return true;
  bool identifier_chars = is_alpha(value.front()) || value.front() == '_';
  bool member_access = false, underscore = false, digit = false, upper = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '.' && i + 1 < value.size() && (is_alpha(value[i + 1]) || value[i + 1] == '_'))
      member_access = true;
    underscore |= c == '_';
    digit |= is_digit(c);
    upper |= is_upper(c);
    identifier_chars &= is_alnum(c) || c == '_' || c == '.';
  }
  if (!identifier_chars) return false;
  return member_access || (underscore && !digit && !upper);
}

bool has_digit_symbol_or_mixed_case(std::string_view value) {
  bool lower = false, upper = false;
  for (char c : value) {
    if (is_digit(c) || !is_alpha(c)) return true;
    lower |= is_lower(c);
    upper |= is_upper(c);
  }
  return lower && upper;
}

// How sure the name makes us that a plain word after it is a password:
// "password:" and "passwd=" say so; a bare "pass:" is as often prose
// ("left-to-right pass: restored values").
enum class PasswordName { explicit_name, short_name };

std::optional<Detection> password_value(std::string_view text, const AssignedValue& value,
                                        bool prose,
                                        PasswordName name = PasswordName::explicit_name) {
  const std::string_view written = text.substr(value.begin, value.end - value.begin);
  if (written.size() < 3 || is_placeholder_value(written)) return std::nullopt;
  if (written.front() == ' ' || written.back() == ' ') return std::nullopt;
  if (!value.quoted && (looks_like_code_reference(written) || is_prose_word(written)))
    return std::nullopt;
  // "kMaxPassword = 128", "password: 1234": numbers too short to be anything
  // but a setting or an example.
  if (!value.quoted && all_of_digits(written) && written.size() < 6) return std::nullopt;
  if (!value.quoted && name == PasswordName::short_name && !has_digit_symbol_or_mixed_case(written))
    return std::nullopt;
  // Hashes of passwords are not passwords: bcrypt/argon2/crypt strings start with '$'.
  if (written.front() == '$') return std::nullopt;
  float confidence = 0.9f;
  if (prose)
    confidence = has_digit_symbol_or_mixed_case(written) ? 0.8f : 0.55f;
  else if (!value.quoted && !has_digit_symbol_or_mixed_case(written))
    confidence = 0.65f;
  if (written.size() <= 4) confidence = std::min(confidence, 0.55f);
  return detected(EntityType::password, value.begin, value.end, confidence, "password");
}

}  // namespace

namespace {

// "AWS_SECRET_ACCESS_KEY" → aws, secret, access, key; "clientSecret" →
// client, secret.
std::vector<std::string> name_components(std::string_view name) {
  std::vector<std::string> components;
  std::string current;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_alnum(c)) {
      if (!current.empty()) components.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (is_upper(c) && i > 0 && is_lower(name[i - 1]) && !current.empty()) {
      components.push_back(std::move(current));
      current.clear();
    }
    current.push_back(to_lower_ascii(c));
  }
  if (!current.empty()) components.push_back(std::move(current));
  return components;
}

// Names that hold something about a password rather than the password:
// kMaxPasswordLength, password_policy, password_hint, forgot_password.
bool names_a_password_setting(std::string_view name) {
  static constexpr std::string_view kSettingWords[] = {
      "max",      "min",     "len",      "length", "size",  "count",   "policy",  "hash",
      "expiry",   "expires", "reset",    "field",  "label", "prompt",  "hint",    "attempts",
      "required", "confirm", "strength", "rule",   "regex", "pattern", "type",    "enabled",
      "input",    "change",  "forgot",   "file",   "path",  "salt",    "history", "placeholder"};
  // Components, not substrings: "admin_password" and "MINIO_ROOT_PASSWORD"
  // hold passwords although "admin" and "minio" contain "min". Longer words
  // also open a component ("PASSWORD_HASHERS", "password_maxlen" → "max").
  for (const std::string& component : name_components(name))
    for (std::string_view word : kSettingWords)
      if (component == word || (component.starts_with(word) && word.size() >= 4) ||
          component == "maxlen" || component == "minlen" || component == "maxlength" ||
          component == "minlength")
        return true;
  return false;
}

}  // namespace

std::optional<Detection> password_detection(std::string_view text, const AssignedValue& value) {
  return password_value(text, value, false);
}

std::optional<Detection> confirm_password_assignment(std::string_view text,
                                                     std::size_t separator_end) {
  // A ':' followed by "//" is a URL scheme ("pass://"), not an assignment.
  if (separator_end + 1 < text.size() && text[separator_end] == '/' &&
      text[separator_end + 1] == '/')
    return std::nullopt;
  const std::string_view name = assigned_name_before(text, separator_end);
  if (names_a_password_setting(name)) return std::nullopt;
  // In "\"password:\" or ..." the key itself is quoted: the quote after the
  // separator closes the string the name opened.
  const std::size_t name_begin = static_cast<std::size_t>(name.data() - text.data());
  if (name_begin > 0 && separator_end < text.size() &&
      text[separator_end] == text[name_begin - 1] &&
      (text[separator_end] == '"' || text[separator_end] == '\''))
    return std::nullopt;
  const auto value = read_assigned_value(text, separator_end, kMaxPassword);
  if (!value) return std::nullopt;
  const std::string lower_name = to_lower_ascii(name);
  // The shell's working directory (sudo logs: "PWD=/home/mhollis").
  if (lower_name == "pwd" && (text[value->begin] == '/' || text[value->begin] == '~'))
    return std::nullopt;
  const bool short_name = lower_name == "pass" || lower_name == "pw";
  return password_value(text, *value, false,
                        short_name ? PasswordName::short_name : PasswordName::explicit_name);
}

std::optional<Detection> confirm_password_flag(std::string_view text, std::size_t flag_end) {
  const auto value = read_assigned_value(text, flag_end, kMaxPassword);
  if (!value || text[value->begin] == '-') return std::nullopt;
  return password_value(text, *value, false);
}

std::optional<Detection> confirm_password_attached_flag(std::string_view text,
                                                        std::size_t flag_end) {
  if (flag_end >= text.size() || text[flag_end] == ' ' || text[flag_end] == '\t' ||
      text[flag_end] == '\n' || text[flag_end] == '\r')
    return std::nullopt;
  return confirm_password_flag(text, flag_end);
}

namespace {

// "the password for the lab router is X": the words between the password's
// name and the verb say what it opens. More than a few words, or a verb or
// conjunction among them ("the password for it is long and the id is X"),
// and the verb belongs to another clause.
bool names_what_it_opens(std::string_view text, std::size_t phrase_end) {
  std::size_t line_begin = phrase_end > 80 ? phrase_end - 80 : 0;
  const std::size_t newline = text.rfind('\n', phrase_end - 1);
  if (newline != std::string_view::npos && newline + 1 > line_begin) line_begin = newline + 1;
  const std::string line = to_lower_ascii(text.substr(line_begin, phrase_end - line_begin));
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < line.size();) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t begin = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > begin) words.push_back(std::string_view(line).substr(begin, i - begin));
  }
  // The last words are the verb ("is", "was", "is now"); before them the
  // object, and before that "password for".
  while (!words.empty() && (words.back() == "is" || words.back() == "was" || words.back() == "now"))
    words.pop_back();
  for (std::size_t object_words = 1; object_words <= 6 && object_words + 2 <= words.size();
       ++object_words) {
    const std::string_view word = words[words.size() - object_words];
    if (word == "is" || word == "was" || word == "are" || word == "and" || word == "but" ||
        word == "or")
      return false;
    const std::string_view preposition = words[words.size() - object_words - 1];
    const std::string_view name = words[words.size() - object_words - 2];
    if ((preposition == "for" || preposition == "of" || preposition == "on") &&
        (name == "password" || name == "passcode" || name == "passphrase" || name == "pwd" ||
         name == "pw"))
      return true;
  }
  return false;
}

}  // namespace

std::optional<Detection> confirm_password_sentence(std::string_view text, std::size_t phrase_end) {
  // The "password for …  is" form ends its match with the space after the verb.
  if ((text[phrase_end - 1] == ' ' || text[phrase_end - 1] == '\t') &&
      !names_what_it_opens(text, phrase_end))
    return std::nullopt;
  std::size_t at = phrase_end;
  while (at < text.size() && (text[at] == ' ' || text[at] == ':')) ++at;
  auto value = read_assigned_value(text, at, kMaxPassword);
  if (!value) return std::nullopt;
  // A bare "password to" reads on as prose ("the password to the wifi"):
  // only a value shaped like a password follows it.
  const std::string lead = to_lower_ascii(
      text.substr(phrase_end >= 12 ? phrase_end - 12 : 0, std::min<std::size_t>(phrase_end, 12)));
  const bool bare_to = lead.ends_with("word to") || lead.ends_with("code to") ||
                       lead.ends_with("phrase to") || lead.ends_with("pw to");
  if (bare_to &&
      !has_digit_symbol_or_mixed_case(text.substr(value->begin, value->end - value->begin)))
    return std::nullopt;
  if (!value->quoted) {
    // Sentence punctuation after the password is not part of it.
    while (value->end > value->begin &&
           std::string_view(".!?:)").find(text[value->end - 1]) != std::string_view::npos)
      --value->end;
  }
  return password_value(text, *value, true);
}

std::optional<Detection> confirm_secret_sentence(std::string_view text, std::size_t phrase_end) {
  std::size_t at = phrase_end;
  while (at < text.size() && (text[at] == ' ' || text[at] == ':')) ++at;
  auto value = read_assigned_value(text, at, kMaxSecret);
  if (!value) return std::nullopt;
  if (!value->quoted)
    while (value->end > value->begin &&
           std::string_view(".!?:)").find(text[value->end - 1]) != std::string_view::npos)
      --value->end;
  return secret_detection(text, *value);
}

std::optional<Detection> confirm_password_element(std::string_view text, std::size_t tag_end) {
  std::size_t end = tag_end;
  while (end < text.size() && text[end] != '<' && text[end] != '\n' &&
         end - tag_end <= kMaxPassword)
    ++end;
  if (end >= text.size() || text[end] != '<') return std::nullopt;
  return password_value(text, AssignedValue{tag_end, end, true}, false);
}

std::optional<Detection> confirm_sql_password(std::string_view text, std::size_t phrase_end) {
  const auto value = read_assigned_value(text, phrase_end, kMaxPassword);
  if (!value || !value->quoted) return std::nullopt;
  return password_value(text, *value, false);
}

std::optional<Detection> confirm_quoted_password(std::string_view text, std::size_t quote_at) {
  const auto value = read_assigned_value(text, quote_at, kMaxPassword);
  if (!value || !value->quoted) return std::nullopt;
  // 'Enter the password "carefully"': a quoted word of prose, where a
  // password carries a digit, a symbol or a capital inside it.
  const std::string_view written = text.substr(value->begin, value->end - value->begin);
  if (written.empty() || !has_digit_symbol_or_mixed_case(written.substr(1))) return std::nullopt;
  return password_value(text, *value, false);
}

std::optional<Detection> confirm_url_password(std::string_view text, std::size_t at_end) {
  const std::size_t at_sign = at_end - 1;
  const std::size_t scheme_end = text.rfind("://", at_sign);
  std::size_t scheme_begin = scheme_end;
  while (scheme_begin > 0 && (is_alnum(text[scheme_begin - 1]) || text[scheme_begin - 1] == '+' ||
                              text[scheme_begin - 1] == '.' || text[scheme_begin - 1] == '-'))
    --scheme_begin;
  // An http(s)/ftp URL is reported whole, credentials and all.
  const std::string scheme = to_lower_ascii(text.substr(scheme_begin, scheme_end - scheme_begin));
  if (scheme.empty() || scheme == "http" || scheme == "https" || scheme == "ftp" ||
      scheme == "sftp")
    return std::nullopt;
  const std::size_t colon = text.find(':', scheme_end + 3);
  if (colon >= at_sign) return std::nullopt;
  // An unescaped '@' inside the password: the host follows the last one.
  std::size_t host_at = at_sign;
  for (std::size_t i = at_end; i < text.size() && i - at_end < kMaxPassword; ++i) {
    const char c = text[i];
    if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '\n' || c == '\t' || c == '"' ||
        c == '\'')
      break;
    if (c == '@') host_at = i;
  }
  return password_value(text, AssignedValue{colon + 1, host_at, false}, false);
}

std::optional<Detection> confirm_pgpass_password(std::string_view text, std::size_t fields_end) {
  // The pattern's '^' also fires where the scanner's window starts mid-text:
  // the line itself must hold exactly host:port:database:user: before the value.
  const std::size_t newline = text.rfind('\n', fields_end - 1);
  const std::size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
  const std::string_view fields = text.substr(line_begin, fields_end - line_begin);
  if (std::count(fields.begin(), fields.end(), ':') != 4) return std::nullopt;
  // "10:32:44:12:…" or "2024-03-01T10:23:45:app:" is a time, not a host,
  // a port and a database name.
  const std::string_view host = fields.substr(0, fields.find(':'));
  const std::size_t port_end = fields.find(':', host.size() + 1);
  const std::string_view database =
      fields.substr(port_end + 1, fields.find(':', port_end + 1) - port_end - 1);
  if (all_of_digits(host) || all_of_digits(database)) return std::nullopt;
  // A MAC or IPv6 address at the start of a line ("a4:52:3b:11:9d:0e",
  // "fe80:1234:abcd:…") splits into hex fields.
  if (all_of_hex(host) && all_of_hex(database)) return std::nullopt;
  std::size_t end = fields_end;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r' &&
         end - fields_end <= kMaxPassword)
    ++end;
  if (end == fields_end || end - fields_end > kMaxPassword) return std::nullopt;
  return password_value(text, AssignedValue{fields_end, end, false}, false);
}

namespace {

enum class SecretName { none, weak, strong };

SecretName classify_secret_name(std::string_view name) {
  static constexpr std::string_view kNotSecret[] = {
      "public",       "pub",      "publishable", "id",        "ids",         "name",
      "type",         "path",     "file",        "filename",  "url",         "uri",
      "size",         "length",   "len",         "count",     "max",         "min",
      "limit",        "ttl",      "expiry",      "expires",   "expiration",  "expire",
      "version",      "hash",     "sha",         "sha1",      "sha256",      "md5",
      "digest",       "checksum", "fingerprint", "page",      "next",        "cursor",
      "continuation", "csrf",     "xsrf",        "prefix",    "suffix",      "format",
      "field",        "header",   "algorithm",   "alg",       "env",         "var",
      "ref",          "usage",    "sort",        "primary",   "foreign",     "unique",
      "index",        "cache",    "partition",   "routing",   "idempotency", "dedup",
      "lock",         "author",   "authors",     "authority", "policy",      "scheme",
      "method",       "mode",     "provider",    "endpoint",  "location",    "region",
      "rotation",     "label",    "tag",         "keys",      "keyword",     "keywords",
      "keyboard",     "keyframe", "keyframes",   "tokenizer", "tokens",      "maxtokens",
      "spec",         "enabled",  "required",    "dir",       "store",       "col",
      "column",       "row",      "map",         "event",     "press",       "down",
      "up",           "code",     "monkey",      "donkey",    "turkey",      "hockey",
      "jockey",       "whiskey",  "hotkey",      "passkey",   "turnkey",     "signingkey"};
  static constexpr std::string_view kStrong[] = {
      "secret", "token", "credential", "credentials", "apikey", "passphrase", "auth", "pat"};
  SecretName verdict = SecretName::none;
  for (const std::string& component : name_components(name)) {
    if (std::find(std::begin(kNotSecret), std::end(kNotSecret), component) != std::end(kNotSecret))
      return SecretName::none;
    const bool strong =
        std::find(std::begin(kStrong), std::end(kStrong), component) != std::end(kStrong) ||
        (component.size() > 6 && (component.ends_with("secret") || component.ends_with("token")));
    // A session value is a session token unless the name says it is an id.
    const bool weak = component == "key" || component == "session" ||
                      (component.size() > 3 && component.ends_with("key"));
    if (strong)
      verdict = SecretName::strong;
    else if (weak && verdict == SecretName::none)
      verdict = SecretName::weak;
  }
  // "api_key", "access_key", "private_key", "secret_key" are strong even
  // though "key" alone is weak.
  if (verdict == SecretName::weak) {
    const std::string lower = to_lower_ascii(name);
    for (std::string_view strong_key :
         {"api", "access", "private", "signing", "encryption", "master", "account", "client",
          "shared", "license", "licence"})
      if (lower.find(strong_key) != std::string::npos) return SecretName::strong;
  }
  return verdict;
}

bool hash_context(std::string_view name, const ContextWindow& context) {
  const std::string lower = to_lower_ascii(name);
  for (std::string_view word : {"sha", "md5", "hash", "digest", "checksum", "commit", "etag",
                                "fingerprint", "integrity", "crc"})
    if (lower.find(word) != std::string::npos) return true;
  return context.has_before({"sha", "sha1", "sha256", "md5", "hash", "digest", "checksum", "commit",
                             "etag", "fingerprint", "integrity", "crc32"});
}

// Judges a value assigned to a secret-sounding name. Returns its confidence,
// or nothing when the value is a placeholder, a reference, a hash or plain
// text rather than a secret.
std::optional<float> secret_value_confidence(std::string_view value, SecretName name_strength,
                                             bool hash_nearby) {
  const bool strong = name_strength == SecretName::strong;
  if (value.size() < (strong ? 12u : 16u) || value.size() > (strong ? kMaxSecret : 128u))
    return std::nullopt;
  if (is_placeholder_value(value) || looks_like_documentation_token(value)) return std::nullopt;
  for (char c : value)
    if (c == ' ' || c == '\t' || static_cast<unsigned char>(c) >= 0x7F ||
        static_cast<unsigned char>(c) < 0x20)
      return std::nullopt;
  if (value.find("://") != std::string_view::npos || value.front() == '/' ||
      value.starts_with("./") || value.starts_with("~/") || value.starts_with("-----"))
    return std::nullopt;
  if (value.find('@') != std::string_view::npos && value.find('.') != std::string_view::npos)
    return std::nullopt;  // an email address
  if (all_of_digits(value)) return std::nullopt;
  if (is_uuid(value)) return strong ? std::optional<float>(0.55f) : std::nullopt;
  if (all_of_hex(value)) {
    if (hash_nearby) return std::nullopt;
    return strong ? 0.75f : 0.45f;
  }
  bool letter = false, digit = false;
  for (char c : value) {
    letter |= is_alpha(c);
    digit |= is_digit(c);
  }
  if (!(letter && digit) && character_class_count(value) < 3) return std::nullopt;
  if (shannon_entropy(value) < 3.0) return std::nullopt;
  return strong ? 0.85f : 0.7f;
}

}  // namespace

namespace {

// The value after value_start judged as the secret held by `name`.
std::optional<Detection> secret_value_for(std::string_view text, std::string_view name,
                                          std::size_t value_start) {
  const SecretName strength = classify_secret_name(name);
  if (strength == SecretName::none) return std::nullopt;
  if (value_start + 1 < text.size() && text[value_start] == '/' && text[value_start + 1] == '/')
    return std::nullopt;
  auto value = read_assigned_value(text, value_start, kMaxSecret);
  if (!value) return std::nullopt;
  // Sentence punctuation after an unquoted token ("cookie session_token=….").
  while (!value->quoted && value->end > value->begin && text[value->end - 1] == '.') --value->end;
  const std::string_view written = text.substr(value->begin, value->end - value->begin);
  // "session = shopify.Session(": code, not a literal.
  if (!value->quoted && !written.empty() && looks_like_code_reference(written)) return std::nullopt;
  const std::size_t name_begin = static_cast<std::size_t>(name.data() - text.data());
  // Only the name's own line: "# DO NOT COMMIT" above a Rails secret_key_base
  // does not make its value a commit hash.
  std::size_t line_window = 0;
  while (line_window < 32 && line_window < name_begin && text[name_begin - line_window - 1] != '\n')
    ++line_window;
  const ContextWindow context(text, name_begin, name_begin, line_window, 0);
  const auto confidence = secret_value_confidence(written, strength, hash_context(name, context));
  if (!confidence) return std::nullopt;
  return detected(EntityType::secret, value->begin, value->end, *confidence, "secret");
}

}  // namespace

std::optional<Detection> secret_detection(std::string_view text, const AssignedValue& value) {
  const std::string_view written = text.substr(value.begin, value.end - value.begin);
  const auto confidence = secret_value_confidence(written, SecretName::strong, false);
  if (!confidence) return std::nullopt;
  return detected(EntityType::secret, value.begin, value.end, *confidence, "secret");
}

std::optional<Detection> confirm_secret_assignment(std::string_view text,
                                                   std::size_t separator_end) {
  return secret_value_for(text, assigned_name_before(text, separator_end), separator_end);
}

std::optional<Detection> confirm_secret_setting(std::string_view text, std::size_t equals_end) {
  // equals_end follows `key="NAME" value=`: the name is the quoted string
  // before "value".
  std::size_t at = equals_end - 1;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  at -= 5;  // "value"
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  const std::size_t name_end = at - 1;
  std::size_t name_begin = name_end;
  while (name_begin > 0 && text[name_begin - 1] != text[name_end]) --name_begin;
  return secret_value_for(text, text.substr(name_begin, name_end - name_begin), equals_end);
}

std::optional<Detection> confirm_php_constant(std::string_view text, std::size_t comma_end) {
  // comma_end follows "define('NAME'," or "define(\"NAME\",".
  std::size_t name_end = comma_end - 1;
  while (text[name_end] != '\'' && text[name_end] != '"') --name_end;
  std::size_t name_begin = name_end;
  while (text[name_begin - 1] != '\'' && text[name_begin - 1] != '"') --name_begin;
  const std::string_view name = text.substr(name_begin, name_end - name_begin);
  const auto components = name_components(name);
  const bool password_name =
      std::any_of(components.begin(), components.end(), [](const std::string& component) {
        return component == "password" || component == "passwd" || component == "pwd" ||
               component == "pass";
      });
  if (!password_name) return secret_value_for(text, name, comma_end);
  if (names_a_password_setting(name)) return std::nullopt;
  const auto value = read_assigned_value(text, comma_end, kMaxPassword);
  if (!value || !value->quoted) return std::nullopt;
  return password_value(text, *value, false);
}

namespace {

bool is_token_byte(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=' ||
         c == '-';
}

}  // namespace

std::optional<Detection> confirm_bearer_token(std::string_view text, std::size_t scheme_end) {
  std::size_t end = scheme_end;
  while (end < text.size() && is_token_byte(text[end]) && end - scheme_end <= kMaxSecret) ++end;
  while (end > scheme_end && text[end - 1] == '.') --end;
  const std::string_view token = text.substr(scheme_end, end - scheme_end);
  if (token.size() < 16 || token.size() > kMaxSecret) return std::nullopt;
  if (end < text.size() && (is_word_byte(text[end]) || text[end] == '$' || text[end] == '{'))
    return std::nullopt;
  // A JWT bearer token is reported by the JWT recognizer with its own type.
  if (token.starts_with("eyJ") && std::count(token.begin(), token.end(), '.') == 2)
    return std::nullopt;
  if (is_placeholder_value(token) || looks_like_documentation_token(token)) return std::nullopt;
  if (shannon_entropy(token) < 3.0 || character_class_count(token) < 2) return std::nullopt;
  return detected(EntityType::secret, scheme_end, end, 0.9f, "bearer_token");
}

std::optional<Detection> confirm_basic_credentials(std::string_view text, std::size_t scheme_end) {
  std::size_t end = scheme_end;
  while (end < text.size() &&
         (is_alnum(text[end]) || text[end] == '+' || text[end] == '/' || text[end] == '=') &&
         end - scheme_end <= kMaxSecret)
    ++end;
  const std::string_view encoded = text.substr(scheme_end, end - scheme_end);
  if (encoded.size() < 8 || encoded.size() > kMaxSecret) return std::nullopt;
  const auto decoded = decode_base64url(encoded);
  if (!decoded) return std::nullopt;
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == decoded->size()) return std::nullopt;
  for (char c : *decoded)
    if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
  if (is_placeholder_value(decoded->substr(colon + 1))) return std::nullopt;
  return detected(EntityType::secret, scheme_end, end, 0.9f, "basic_credentials");
}

}  // namespace hearth::privacy::structured
