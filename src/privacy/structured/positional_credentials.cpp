#include "positional_credentials.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "assigned_values.h"
#include "assignment_recognizers.h"
#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

enum class ArgumentHolds : std::uint8_t { nothing, password, secret };

// Where each documented call takes its credentials, by 0-based position.
struct CredentialCall {
  std::string_view name;  // the call's last name component ("create" keeps its class)
  std::array<ArgumentHolds, 3> arguments;
};

constexpr ArgumentHolds N = ArgumentHolds::nothing;
constexpr ArgumentHolds P = ArgumentHolds::password;
constexpr ArgumentHolds S = ArgumentHolds::secret;

constexpr CredentialCall kCalls[] = {
    // PHP: mysqli(host, user, password, db), PDO(dsn, user, password),
    // ftp_login(conn, user, password), ldap_bind(conn, dn, password).
    {"mysqli", {N, N, P}},
    {"mysqli_connect", {N, N, P}},
    {"mysql_connect", {N, N, P}},
    {"mysql_pconnect", {N, N, P}},
    {"real_connect", {N, N, P}},
    {"PDO", {N, N, P}},
    {"ftp_login", {N, N, P}},
    {"ldap_bind", {N, N, P}},
    // JDBC: DriverManager.getConnection(url, user, password).
    {"getConnection", {N, N, P}},
    // login(user, password): ftplib, smtplib, imaplib, phpseclib, test clients.
    {"login", {N, P, N}},
    // HTTP basic auth helpers: (user, password).
    {"HTTPBasicAuth", {N, P, N}},
    {"HTTPDigestAuth", {N, P, N}},
    {"NetworkCredential", {N, P, N}},
    {"PasswordAuthentication", {N, P, N}},
    {"UsernamePasswordCredentials", {N, P, N}},
    {"SetBasicAuth", {N, P, N}},
    {"setBasicAuth", {N, P, N}},
    {"basic_auth", {N, P, N}},
    {"auth=", {N, P, N}},  // requests: auth=("user", "password")
    // AWS SDKs: (access key id, secret access key[, session token]).
    {"BasicAWSCredentials", {N, S, N}},
    {"AwsBasicCredentials.create", {N, S, N}},
    {"BasicSessionCredentials", {N, S, S}},
    {"AwsSessionCredentials.create", {N, S, S}},
    {"NewStaticCredentials", {N, S, S}},
    {"NewStaticCredentialsProvider", {N, S, S}},
};

bool is_name_byte(char c) {
  return is_alnum(c) || c == '_' || c == '.';
}

// The called name before the '(' at paren, with "auth=" for a keyword
// argument holding a tuple.
const CredentialCall* call_before(std::string_view text, std::size_t paren) {
  std::size_t end = paren;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  const bool keyword_argument = end > 0 && text[end - 1] == '=';
  if (keyword_argument) {
    --end;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  }
  std::size_t begin = end;
  while (begin > 0 && end - begin < 80 && is_name_byte(text[begin - 1])) --begin;
  const std::string_view name = text.substr(begin, end - begin);
  for (const CredentialCall& call : kCalls) {
    std::string_view wanted = call.name;
    if (wanted.ends_with('=') != keyword_argument) continue;
    if (keyword_argument) wanted.remove_suffix(1);
    if (name == wanted || (name.ends_with(wanted) && name[name.size() - wanted.size() - 1] == '.'))
      return &call;
  }
  return nullptr;
}

// Upper bound on how far a call's arguments are read: AWS session tokens
// run to several hundred bytes.
constexpr std::size_t kMaxArgumentsLength = 1024;

// The string literal that opens each argument, or an empty literal for an
// argument that is an expression (a variable, a call, a number).
std::vector<AssignedValue> call_arguments(std::string_view text, std::size_t at,
                                          std::size_t count) {
  std::vector<AssignedValue> arguments;
  const std::size_t limit = std::min(text.size(), at + kMaxArgumentsLength);
  while (at < limit && arguments.size() < count) {
    while (at < limit &&
           (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
      ++at;
    if (at >= limit || text[at] == ')') break;
    AssignedValue argument{at, at, false};
    const char first = text[at];
    if (first == '"' || first == '\'' || first == '`') {
      std::size_t end = at + 1;
      while (end < limit && text[end] != first && text[end] != '\n') {
        if (text[end] == '\\') ++end;
        ++end;
      }
      if (end >= limit || text[end] != first) break;
      argument = AssignedValue{at + 1, end, true};
      at = end + 1;
    }
    // The rest of the argument up to the comma or parenthesis that ends it.
    int depth = 0;
    char quote = 0;
    for (; at < limit; ++at) {
      const char c = text[at];
      if (quote != 0) {
        if (c == '\\')
          ++at;
        else if (c == quote)
          quote = 0;
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
    if (at >= limit) break;
    arguments.push_back(argument);
    if (text[at] == ')') break;
    ++at;
  }
  return arguments;
}

}  // namespace

void find_call_credentials(std::string_view text, std::size_t paren_end, Detections& out) {
  const CredentialCall* call = call_before(text, paren_end - 1);
  if (call == nullptr) return;
  const auto arguments = call_arguments(text, paren_end, call->arguments.size());
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const AssignedValue& argument = arguments[i];
    if (!argument.quoted || call->arguments[i] == ArgumentHolds::nothing) continue;
    auto detection = call->arguments[i] == ArgumentHolds::password
                         ? password_detection(text, argument)
                         : secret_detection(text, argument);
    if (detection) out.push_back(std::move(*detection));
  }
}

namespace {

// A password in a message, where no name says what it is: a letter and at
// least one digit, symbol or upper/lower mix ("Tplink_5829", "hunter2"),
// never a word, a time or a port.
bool shaped_like_password(std::string_view value) {
  bool letter = false, digit = false, lower = false, upper = false, symbol = false;
  for (char c : value) {
    letter |= is_alpha(c);
    digit |= is_digit(c);
    lower |= is_lower(c);
    upper |= is_upper(c);
    symbol |= std::string_view("!@#$%^&*?~+=").find(c) != std::string_view::npos;
  }
  return letter && (digit || symbol || (lower && upper));
}

bool shaped_like_user_name(std::string_view value) {
  if (value.empty() || value.size() > 64) return false;
  bool letter = false;
  for (char c : value) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-' && c != '@' && c != '+') return false;
    letter |= is_alpha(c);
  }
  return letter;
}

bool is_sentence_end(char c) {
  return c == '.' || c == ',' || c == ';' || c == ')';
}

struct Token {
  std::size_t begin;
  std::size_t end;
};

// The token without a pair of quotes or backticks around it.
AssignedValue unwrapped(std::string_view text, Token token) {
  // Sentence punctuation after a quoted value: "`app` / `S3cret`."
  if (token.end - token.begin >= 3 && is_sentence_end(text[token.end - 1]) &&
      text[token.end - 2] == text[token.begin])
    --token.end;
  const char first = text[token.begin];
  if (token.end - token.begin >= 2 && (first == '`' || first == '"' || first == '\'') &&
      text[token.end - 1] == first)
    return AssignedValue{token.begin + 1, token.end - 1, true};
  return AssignedValue{token.begin, token.end, false};
}

std::optional<Detection> pair_password(std::string_view text, AssignedValue user,
                                       AssignedValue password) {
  if (!password.quoted)
    while (password.end > password.begin && is_sentence_end(text[password.end - 1])) --password.end;
  const std::string_view user_text = text.substr(user.begin, user.end - user.begin);
  const std::string_view password_text = text.substr(password.begin, password.end - password.begin);
  if (!shaped_like_user_name(user_text) || password_text.size() < 4 || password_text.size() > 64 ||
      !shaped_like_password(password_text))
    return std::nullopt;
  return password_detection(text, password);
}

// "admin:S3cret" as one token: the user before the first ':'.
std::optional<Detection> colon_pair(std::string_view text, AssignedValue token) {
  const std::string_view written = text.substr(token.begin, token.end - token.begin);
  const std::size_t colon = written.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= written.size() ||
      written.find("//") != std::string_view::npos)
    return std::nullopt;
  return pair_password(text, AssignedValue{token.begin, token.begin + colon, token.quoted},
                       AssignedValue{token.begin + colon + 1, token.end, token.quoted});
}

}  // namespace

std::optional<Detection> confirm_credential_pair(std::string_view text, std::size_t phrase_end) {
  if (phrase_end < text.size() && is_word_byte(text[phrase_end])) return std::nullopt;
  const std::size_t line_end =
      std::min({text.find('\n', phrase_end), text.size(), phrase_end + 96});
  std::vector<Token> tokens;
  for (std::size_t at = phrase_end; at < line_end;) {
    while (at < line_end && (text[at] == ' ' || text[at] == '\t')) ++at;
    const std::size_t begin = at;
    while (at < line_end && text[at] != ' ' && text[at] != '\t') ++at;
    if (at > begin) tokens.push_back({begin, at});
  }
  // "user / password" anywhere on the rest of the line.
  for (std::size_t i = 1; i + 1 < tokens.size(); ++i)
    if (text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin) == "/")
      return pair_password(text, unwrapped(text, tokens[i - 1]), unwrapped(text, tokens[i + 1]));
  // "user:password" right after the phrase and its lead-in ("creds are", "login:").
  for (const Token& token : tokens) {
    const std::string lower = to_lower_ascii(text.substr(token.begin, token.end - token.begin));
    if (lower == ":" || lower == "=" || lower == "-" || lower == "is" || lower == "are" ||
        lower == "as" || lower == "with" || lower == "was" || lower == "were")
      continue;
    if (token.begin == phrase_end && text[token.begin] == ':') {
      if (token.end - token.begin == 1) continue;
      return colon_pair(text, unwrapped(text, {token.begin + 1, token.end}));
    }
    return colon_pair(text, unwrapped(text, token));
  }
  return std::nullopt;
}

std::optional<Detection> confirm_user_colon_password(std::string_view text,
                                                     std::size_t value_start) {
  const auto value = read_assigned_value(text, value_start, 256);
  if (!value) return std::nullopt;
  const std::string_view written = text.substr(value->begin, value->end - value->begin);
  const std::size_t colon = written.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= written.size())
    return std::nullopt;
  return password_detection(text,
                            AssignedValue{value->begin + colon + 1, value->end, value->quoted});
}

}  // namespace hearth::privacy::structured
