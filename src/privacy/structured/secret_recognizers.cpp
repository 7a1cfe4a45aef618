#include "secret_recognizers.h"

#include <nlohmann/json.hpp>
#include <string>

#include "context_words.h"
#include "detected.h"
#include "text_shape.h"

namespace hearth::privacy::structured {

std::size_t PemEndMarkers::next(std::string_view text, std::size_t from) {
  const bool cached = searched_from_ != std::string_view::npos && from >= searched_from_ &&
                      (found_ == std::string_view::npos || found_ >= from);
  if (!cached) {
    searched_from_ = from;
    found_ = text.find("-----END ", from);
  }
  return found_;
}

namespace {

// Keys longer than this are not keys (an 16384-bit RSA key is about 12 KiB).
constexpr std::size_t kMaxPemBlock = 64 * 1024;

bool is_base64_byte(char c) {
  return is_alnum(c) || c == '+' || c == '/' || c == '=';
}

// Skips line breaks, real or escaped inside a string literal ("\n", "\r\n").
std::size_t skip_line_breaks(std::string_view text, std::size_t at) {
  while (at < text.size()) {
    if (text[at] == '\n' || text[at] == '\r' || text[at] == ' ' || text[at] == '\t') {
      ++at;
    } else if (text[at] == '\\' && at + 1 < text.size() &&
               (text[at + 1] == 'n' || text[at + 1] == 'r')) {
      at += 2;
    } else {
      break;
    }
  }
  return at;
}

// The base64 lines after a BEGIN line that has no END: each line purely
// base64; a short line is the last one.
std::size_t unterminated_block_end(std::string_view text, std::size_t at, std::size_t& body_bytes) {
  std::size_t block_end = at;
  body_bytes = 0;
  while (block_end - at < kMaxPemBlock) {
    const std::size_t line_begin = skip_line_breaks(text, block_end);
    std::size_t line_end = line_begin;
    while (line_end < text.size() && is_base64_byte(text[line_end])) ++line_end;
    const std::size_t length = line_end - line_begin;
    const bool line_ends = line_end == text.size() || text[line_end] == '\n' ||
                           text[line_end] == '\r' || text[line_end] == '\\' ||
                           text[line_end] == '"';
    if (length == 0 || !line_ends) break;
    block_end = line_end;
    body_bytes += length;
    if (length < 60) break;
  }
  return block_end;
}

}  // namespace

std::optional<Detection> confirm_private_key(std::string_view text, std::size_t begin,
                                             std::size_t end, PemEndMarkers& end_markers) {
  // "-----BEGIN RSA PRIVATE KEY-----" → label "RSA PRIVATE KEY".
  const std::string_view label = text.substr(begin + 11, end - begin - 16);
  std::size_t marker = end_markers.next(text, end);
  while (marker != std::string_view::npos && marker - end <= kMaxPemBlock) {
    const std::size_t label_begin = marker + 9;
    if (text.substr(label_begin, label.size()) == label &&
        text.substr(label_begin + label.size(), 5) == "-----") {
      const std::size_t block_end = label_begin + label.size() + 5;
      std::size_t body_bytes = 0;
      for (char c : text.substr(end, marker - end)) body_bytes += is_base64_byte(c) ? 1 : 0;
      // "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----" in docs.
      if (body_bytes < 32) return std::nullopt;
      return detected(EntityType::private_key, begin, block_end, 0.99f, "private_key");
    }
    marker = end_markers.next(text, marker + 1);
  }
  std::size_t body_bytes = 0;
  const std::size_t block_end = unterminated_block_end(text, end, body_bytes);
  if (body_bytes < 64) return std::nullopt;
  return detected(EntityType::private_key, begin, block_end, 0.8f, "private_key");
}

namespace {

bool is_base64url_byte(char c) {
  return is_alnum(c) || c == '-' || c == '_';
}

std::size_t base64url_run_end(std::string_view text, std::size_t at) {
  while (at < text.size() && is_base64url_byte(text[at])) ++at;
  return at;
}

// The signature of the token on jwt.io's front page, pasted into countless
// tutorials.
constexpr std::string_view kJwtIoExampleSignature = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

constexpr std::size_t kMaxJwtHeader = 4096;

}  // namespace

std::optional<Detection> confirm_jwt(std::string_view text, std::size_t begin) {
  if (begin > 0 && (is_base64url_byte(text[begin - 1]) || text[begin - 1] == '.'))
    return std::nullopt;
  const std::size_t header_end = base64url_run_end(text, begin);
  if (header_end >= text.size() || text[header_end] != '.' || header_end - begin > kMaxJwtHeader)
    return std::nullopt;
  const std::size_t payload_end = base64url_run_end(text, header_end + 1);
  if (payload_end == header_end + 1 || payload_end >= text.size() || text[payload_end] != '.')
    return std::nullopt;
  const std::size_t signature_end = base64url_run_end(text, payload_end + 1);
  if (signature_end == payload_end + 1) return std::nullopt;
  // A fourth part makes it an encrypted token (JWE) or something else.
  if (signature_end < text.size() && text[signature_end] == '.' &&
      signature_end + 1 < text.size() && is_base64url_byte(text[signature_end + 1]))
    return std::nullopt;

  const auto header = decode_base64url(text.substr(begin, header_end - begin));
  if (!header) return std::nullopt;
  const auto header_json = nlohmann::json::parse(*header, nullptr, false);
  if (!header_json.is_object() || !header_json.contains("alg")) return std::nullopt;
  const auto payload_start = decode_base64url(
      text.substr(header_end + 1, std::min<std::size_t>(8, payload_end - header_end - 1)));
  if (!payload_start || payload_start->empty() || payload_start->front() != '{')
    return std::nullopt;
  if (text.substr(payload_end + 1, signature_end - payload_end - 1) == kJwtIoExampleSignature)
    return std::nullopt;
  return detected(EntityType::jwt, begin, signature_end, 0.95f, "jwt");
}

std::optional<Detection> confirm_api_key(std::string_view text, std::size_t begin, std::size_t end,
                                         const ApiKeyFormat& format) {
  auto in_alphabet = [&](char c) {
    return is_alnum(c) || format.extra_alphabet.find(c) != std::string_view::npos;
  };
  if (begin > 0 && in_alphabet(text[begin - 1])) return std::nullopt;
  std::size_t key_end = end;
  while (key_end < text.size() && in_alphabet(text[key_end]) &&
         key_end - begin <= format.max_length)
    ++key_end;
  while (key_end > end && text[key_end - 1] == '.') --key_end;  // sentence punctuation
  const std::size_t length = key_end - begin;
  if (length < format.min_length || length > format.max_length) return std::nullopt;
  if (key_end < text.size() && is_word_byte(text[key_end])) return std::nullopt;

  const std::string_view key = text.substr(begin, length);
  const std::string_view body = key.substr(std::min(format.prefix_length, key.size()));
  if (looks_like_documentation_token(key) || looks_like_documentation_token(body))
    return std::nullopt;
  if (body.size() >= 16 && shannon_entropy(body) < 3.0) return std::nullopt;

  float confidence = format.confidence;
  if (format.needs_context) {
    const ContextWindow context(text, begin, key_end, 48, 0);
    const bool named =
        context.has_before({"twilio", "sid", "account", "api key", "auth", "key", "secret"});
    if (!named) confidence = 0.4f;
  }
  return detected(format.reported_as, begin, key_end, confidence, format.recognizer);
}

}  // namespace hearth::privacy::structured
