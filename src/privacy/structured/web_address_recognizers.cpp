#include "web_address_recognizers.h"

#include <algorithm>
#include <string>

#include "detected.h"
#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxDomain = 253;

bool is_local_part_byte(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool is_domain_byte(char c) {
  return is_alnum(c) || c == '.' || c == '-';
}

// A top-level domain made only of letters (or an IDN "xn--" label), and not a
// file extension: "icon@2x.png" and "logo@3x.svg" are asset names.
bool plausible_top_level_domain(std::string_view label) {
  static constexpr std::string_view kFileExtensions[] = {
      "png", "jpg",  "jpeg", "gif", "svg", "webp", "ico", "css", "js",   "ts",  "tsx",
      "jsx", "json", "lock", "py",  "rb",  "java", "txt", "log", "yaml", "yml", "h",
      "c",   "cpp",  "hpp",  "o",   "so",  "dll",  "exe", "bin", "min",  "map", "scss"};
  if (label.size() < 2) return false;
  if (label.substr(0, 4) == "xn--") return true;
  for (char c : label)
    if (!is_alpha(c)) return false;
  const std::string lower = to_lower_ascii(label);
  return std::find(std::begin(kFileExtensions), std::end(kFileExtensions), lower) ==
         std::end(kFileExtensions);
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > kMaxDomain) return false;
  std::size_t labels = 0;
  std::string_view last;
  std::size_t start = 0;
  while (start <= domain.size()) {
    const std::size_t dot = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    ++labels;
    last = label;
    start = dot + 1;
  }
  return labels >= 2 && plausible_top_level_domain(last);
}

}  // namespace

std::optional<Detection> confirm_email(std::string_view text, std::size_t anchor_end) {
  const std::size_t at = anchor_end - 2;
  std::size_t begin = at;
  while (begin > 0 && is_local_part_byte(text[begin - 1]) && at - begin < kMaxLocalPart) --begin;
  if (begin > 0 && is_local_part_byte(text[begin - 1])) return std::nullopt;  // local part too long
  while (begin < at && text[begin] == '.') ++begin;
  std::size_t end = at + 1;
  while (end < text.size() && is_domain_byte(text[end]) && end - at <= kMaxDomain) ++end;
  while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;

  const std::string_view local = text.substr(begin, at - begin);
  const std::string_view domain = text.substr(at + 1, end - at - 1);
  if (local.empty() || local.back() == '.' || local.find("..") != std::string_view::npos)
    return std::nullopt;
  if (!valid_domain(domain)) return std::nullopt;
  // "https://key@o45192.ingest.sentry.io/1": the user part of a URL.
  if (begin >= 3 && text.substr(begin - 3, 3) == "://") return std::nullopt;
  // "mongodb://user:pa55@host.svc": the password of a URL's credentials.
  if (begin > 0 && text[begin - 1] == ':') {
    std::size_t user = begin - 1;
    while (user > 0 && begin - user < kMaxLocalPart && is_local_part_byte(text[user - 1])) --user;
    if (user >= 3 && text.substr(user - 3, 3) == "://") return std::nullopt;
  }
  // "git@github.com:org/repo.git" is an scp-style remote, not a mailbox.
  if (end + 1 < text.size() && text[end] == ':' &&
      (is_alpha(text[end + 1]) || text[end + 1] == '/' || text[end + 1] == '~'))
    return std::nullopt;
  return detected(EntityType::email, begin, end, 0.95f, "email",
                  to_lower_ascii(text.substr(begin, end - begin)));
}

namespace {

bool is_url_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte <= 0x20 || byte >= 0x7F) return false;
  static constexpr std::string_view kExcluded = "<>\"'`{}|\\^";
  return kExcluded.find(c) == std::string_view::npos;
}

std::size_t count_of(std::string_view text, char c) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), c));
}

std::size_t trimmed_url_end(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin) {
    const char last = text[end - 1];
    const std::string_view url = text.substr(begin, end - begin);
    const bool sentence_punctuation =
        std::string_view(".,;:!?*").find(last) != std::string_view::npos;
    const bool unbalanced_paren = last == ')' && count_of(url, ')') > count_of(url, '(');
    const bool unbalanced_bracket = last == ']' && count_of(url, ']') > count_of(url, '[');
    if (!sentence_punctuation && !unbalanced_paren && !unbalanced_bracket) break;
    --end;
  }
  return end;
}

bool host_valid(std::string_view host, bool bare_www) {
  if (host.empty()) return false;
  if (host.front() == '[') return host.back() == ']' && host.size() > 2;
  for (char c : host)
    if (!is_domain_byte(c)) return false;
  if (!bare_www) return host.front() != '.' && host.front() != '-';
  return valid_domain(host);
}

// Query and fragment parameters whose value is a credential.
bool carries_token_parameter(std::string_view query) {
  static constexpr std::string_view kTokenWords[] = {"token",  "secret", "signature",  "password",
                                                     "passwd", "apikey", "api_key",    "key",
                                                     "sig",    "auth",   "credential", "pwd"};
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t separator = std::min(query.find_first_of("&;", start), query.size());
    const std::string_view parameter = query.substr(start, separator - start);
    const std::size_t equals = parameter.find('=');
    if (equals != std::string_view::npos && equals + 1 < parameter.size()) {
      const std::string name = to_lower_ascii(parameter.substr(0, equals));
      for (std::string_view word : kTokenWords)
        if (name.find(word) != std::string::npos) return true;
    }
    start = separator + 1;
  }
  return false;
}

bool is_webhook_host(std::string_view host) {
  const std::string lower = to_lower_ascii(host);
  return lower == "hooks.slack.com" || lower == "discord.com" || lower == "discordapp.com" ||
         lower.ends_with(".webhook.office.com");
}

}  // namespace

std::optional<Detection> confirm_url(std::string_view text, std::size_t begin,
                                     std::size_t& run_end) {
  std::size_t end = begin;
  while (end < text.size() && is_url_byte(text[end])) ++end;
  run_end = end;
  end = trimmed_url_end(text, begin, end);
  const std::string_view url = text.substr(begin, end - begin);

  const bool bare_www = to_lower_ascii(url.substr(0, 4)) == "www.";
  const std::size_t authority_begin = bare_www ? 0 : url.find("://") + 3;
  const std::size_t authority_end = std::min(url.find_first_of("/?#", authority_begin), url.size());
  const std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  const std::size_t at = authority.rfind('@');
  const std::string_view userinfo =
      at == std::string_view::npos ? std::string_view{} : authority.substr(0, at);
  std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (!host.empty() && host.front() != '[') host = host.substr(0, host.find(':'));
  if (!host_valid(host, bare_www)) return std::nullopt;

  const std::size_t query_begin = url.find_first_of("?#", authority_end);
  const bool credentials = userinfo.find(':') != std::string_view::npos || is_webhook_host(host) ||
                           (query_begin != std::string_view::npos &&
                            carries_token_parameter(url.substr(query_begin + 1)));
  if (credentials) return detected(EntityType::url, begin, end, 0.97f, "url_credentials");
  return detected(EntityType::url, begin, end, 0.9f, "url");
}

}  // namespace hearth::privacy::structured
