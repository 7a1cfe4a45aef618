#include "network_recognizers.h"

#include <algorithm>
#include <string>

#include "context_words.h"
#include "detected.h"
#include "network_addresses.h"
#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

bool written_as_version(std::string_view text, std::size_t begin) {
  if (begin >= 1 && (text[begin - 1] == 'v' || text[begin - 1] == 'V')) return true;
  // Product/version tokens: "Chrome/120.0.0.0", "nginx/1.25.3.1".
  if (begin >= 2 && text[begin - 1] == '/' && is_alpha(text[begin - 2])) return true;
  // Only the words right before count: "upgrade request from 178.126.170.209"
  // names a client, "firmware 10.2.3.1" a version.
  // The window is widened to a word start so that it never cuts "server" to "ver".
  std::size_t window = std::min<std::size_t>(begin, 14);
  while (window < begin && is_alnum(text[begin - window]) && is_alnum(text[begin - window - 1]))
    ++window;
  const ContextWindow context(text, begin, begin, window, 0);
  return context.has_before({"version",  "versions", "ver",      "v",        "release",
                             "released", "build",    "firmware", "fw",       "rev",
                             "revision", "sdk",      "tag",      "os",       "upgrade",
                             "upgraded", "update",   "updated",  "install",  "installed",
                             "bump",     "bumped",   "patch",    "changelog"});
}

bool is_ipv6_byte(char c) {
  return is_hex_digit(c) || c == ':' || c == '.';
}

constexpr std::size_t kMaxIpv6Text = 45;

}  // namespace

std::optional<Detection> confirm_ipv4(std::string_view text, std::size_t begin, std::size_t end) {
  // A port (":8080") or prefix length ("/24") may follow; more dotted
  // numbers may not ("1.3.6.1.4.1").
  if (begin >= 2 && text[begin - 1] == '.' && is_digit(text[begin - 2])) return std::nullopt;
  if (end + 1 < text.size() && text[end] == '.' && is_digit(text[end + 1])) return std::nullopt;
  // The dotted tail of an IPv6 address ("::ffff:192.0.2.1") belongs to it.
  if (begin >= 2 && text[begin - 1] == ':' && is_hex_digit(text[begin - 2])) return std::nullopt;
  if (!ipv4_valid(text.substr(begin, end - begin))) return std::nullopt;
  if (written_as_version(text, begin)) return std::nullopt;
  // Four one-digit parts ("1.2.3.4") read as a version or an example more
  // often than as a host; the well-known resolvers (8.8.8.8, 1.1.1.1) are
  // public anyway.
  // 0.0.0.0:8000 or 9.9.9.9 next to "nameservers" is an address all the same.
  bool one_digit_parts = end - begin == 7;
  if (one_digit_parts) {
    const bool port_or_prefix =
        end + 1 < text.size() && (text[end] == ':' || text[end] == '/') && is_digit(text[end + 1]);
    const ContextWindow context(text, begin, end, 48, 0);
    one_digit_parts =
        !port_or_prefix && !context.has_before({"ip", "ips", "host", "bind", "listen", "nameserver",
                                                "nameservers", "dns", "resolver", "address",
                                                "addresses", "server", "gateway", "ping"});
  }
  return detected(EntityType::ip_address, begin, end, one_digit_parts ? 0.45f : 0.85f,
                  "ip_address");
}

std::optional<Detection> confirm_ipv6(std::string_view text, std::size_t anchor_end,
                                      std::size_t& token_end) {
  std::size_t begin = anchor_end;
  while (begin > 0 && is_ipv6_byte(text[begin - 1]) && anchor_end - begin <= kMaxIpv6Text) --begin;
  std::size_t end = anchor_end;
  while (end < text.size() && is_ipv6_byte(text[end]) && end - begin <= kMaxIpv6Text) ++end;
  token_end = end;
  if (end - begin > kMaxIpv6Text) return std::nullopt;
  while (end > begin && text[end - 1] == '.') --end;                    // sentence punctuation
  if (begin > 0 && is_word_byte(text[begin - 1])) return std::nullopt;  // "std::", "Foo::bar"
  if (end < text.size() && is_word_byte(text[end])) return std::nullopt;
  const Ipv6Shape shape = parse_ipv6(text.substr(begin, end - begin));
  if (!shape.valid) return std::nullopt;
  // "::1" and full addresses are unmistakable; a short compressed form like
  // "a::b" could be many things and stays below the reporting threshold.
  float confidence = 0.45f;
  if (shape.written_groups >= 3)
    confidence = 0.85f;
  else if (text.substr(begin, end - begin) == "::1")
    confidence = 0.8f;
  return detected(EntityType::ip_address, begin, end, confidence, "ip_address");
}

std::optional<Detection> confirm_mac_address(std::string_view text, std::size_t begin,
                                             std::size_t end) {
  const std::string_view written = text.substr(begin, end - begin);
  if (!mac_address_valid(written)) return std::nullopt;
  // Part of a longer colon/dash-separated hex run: a fingerprint or hash.
  auto is_joiner = [](char c) { return c == ':' || c == '-' || c == '.'; };
  if (begin >= 2 && is_joiner(text[begin - 1]) && is_hex_digit(text[begin - 2]))
    return std::nullopt;
  if (end + 1 < text.size() && is_joiner(text[end]) && is_hex_digit(text[end + 1]))
    return std::nullopt;
  const ContextWindow context(text, begin, end, 32, 0);
  if (context.has_before({"fingerprint", "md5", "sha1", "sha256", "checksum"})) return std::nullopt;

  std::string normalized;
  for (char c : written) {
    if (!is_hex_digit(c)) continue;
    if (!normalized.empty() && normalized.size() % 3 == 2) normalized.push_back(':');
    normalized.push_back(to_lower_ascii(c));
  }
  // 1234.5678.9012 reads as a number more often than as a Cisco-style MAC.
  const bool dotted_digits_only = written[4] == '.' && count_digits(written) == 12;
  const float confidence = dotted_digits_only ? 0.45f : 0.85f;
  return detected(EntityType::mac_address, begin, end, confidence, "mac_address", normalized);
}

}  // namespace hearth::privacy::structured
