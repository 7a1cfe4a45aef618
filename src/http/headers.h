// Field and message helpers shared by the request parser and the response
// writers: RFC 9110 token and field-value checks, comma-separated lists, the
// response head, and the JSON error bodies.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/http/server.h"

namespace hearth::http {

bool iequals(std::string_view a, std::string_view b) noexcept;

// tchar of RFC 9110 §5.6.2.
bool is_token_char(char c) noexcept;
bool is_token(std::string_view text) noexcept;

// A field value after trimming: visible ASCII, obs-text, SP and HTAB only
// (no CR, LF, NUL or other controls).
bool is_field_value(std::string_view value) noexcept;

// Strips leading and trailing SP and HTAB.
std::string_view trim_whitespace(std::string_view text) noexcept;

// The non-empty, trimmed elements of a comma-separated field value.
std::vector<std::string_view> list_elements(std::string_view value);

// How a response's body is delimited, and what the Connection field says.
struct Framing {
  enum class Body { none, content_length, chunked, until_close };
  Body body = Body::none;
  std::size_t content_length = 0;
  bool close = false;          // "Connection: close"
  bool keep_alive_10 = false;  // "Connection: keep-alive" for an HTTP/1.0 client
};

// Status line, the caller's headers (less Content-Length, Transfer-Encoding
// and Connection, which `framing` decides), the framing fields and the blank
// line.
std::string response_head(int status, const std::vector<Header>& headers, const Framing& framing);

// Throws Error(invalid_argument) for a header a handler may not send: a name
// that is not a token or a value with CR, LF or other controls (response
// splitting).
void check_response_headers(const std::vector<Header>& headers);

// {"error":{"message":"...","type":"..."}}
std::string json_error_body(std::string_view message, std::string_view type);

// Whether a response with this status carries a body at all (not 1xx, 204, 304).
bool status_has_body(int status) noexcept;

}  // namespace hearth::http
