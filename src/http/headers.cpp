#include "headers.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "hearth/util/error.h"

namespace hearth::http {
namespace {

char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Fields the server writes itself from the framing it chose.
bool is_framing_field(std::string_view name) noexcept {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
         iequals(name, "connection");
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

bool is_token_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

bool is_field_value(std::string_view value) noexcept {
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return false;
  }
  return true;
}

std::string_view trim_whitespace(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> list_elements(std::string_view value) {
  std::vector<std::string_view> elements;
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view element = trim_whitespace(value.substr(0, comma));
    if (!element.empty()) elements.push_back(element);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return elements;
}

std::optional<std::string_view> find_header(const std::vector<Header>& headers,
                                            std::string_view name) noexcept {
  for (const Header& header : headers) {
    if (iequals(header.name, name)) return std::string_view(header.value);
  }
  return std::nullopt;
}

std::string_view status_reason(int status) noexcept {
  static constexpr std::array<std::pair<int, std::string_view>, 44> kReasons{{
      {100, "Continue"},
      {101, "Switching Protocols"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {203, "Non-Authoritative Information"},
      {204, "No Content"},
      {205, "Reset Content"},
      {206, "Partial Content"},
      {300, "Multiple Choices"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {402, "Payment Required"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {410, "Gone"},
      {411, "Length Required"},
      {412, "Precondition Failed"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {416, "Range Not Satisfiable"},
      {417, "Expectation Failed"},
      {422, "Unprocessable Content"},
      {426, "Upgrade Required"},
      {428, "Precondition Required"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
      {505, "HTTP Version Not Supported"},
  }};
  for (const auto& [code, reason] : kReasons) {
    if (code == status) return reason;
  }
  return "Unknown";
}

bool status_has_body(int status) noexcept {
  return status >= 200 && status != 204 && status != 304;
}

void check_response_headers(const std::vector<Header>& headers) {
  for (const Header& header : headers) {
    if (!is_token(header.name)) {
      raise(ErrorKind::invalid_argument, "response header name '{}' is not an HTTP token",
            header.name);
    }
    if (!is_field_value(header.value)) {
      raise(ErrorKind::invalid_argument,
            "the value of response header '{}' holds a control character", header.name);
    }
  }
}

std::string response_head(int status, const std::vector<Header>& headers, const Framing& framing) {
  std::string head = fmt::format("HTTP/1.1 {} {}\r\n", status, status_reason(status));
  for (const Header& header : headers) {
    if (is_framing_field(header.name)) continue;
    head += header.name;
    head += ": ";
    head += trim_whitespace(header.value);
    head += "\r\n";
  }
  switch (framing.body) {
    case Framing::Body::content_length:
      head += fmt::format("Content-Length: {}\r\n", framing.content_length);
      break;
    case Framing::Body::chunked:
      head += "Transfer-Encoding: chunked\r\n";
      break;
    case Framing::Body::none:
    case Framing::Body::until_close:
      break;
  }
  if (framing.close) {
    head += "Connection: close\r\n";
  } else if (framing.keep_alive_10) {
    head += "Connection: keep-alive\r\n";
  }
  head += "\r\n";
  return head;
}

std::string json_error_body(std::string_view message, std::string_view type) {
  std::string escaped;
  escaped.reserve(message.size());
  for (const char c : message) {
    switch (c) {
      case '"':
        escaped += "\\\"";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '\r':
        escaped += "\\r";
        break;
      case '\t':
        escaped += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          escaped += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          escaped += c;
        }
    }
  }
  return fmt::format(R"({{"error":{{"message":"{}","type":"{}","param":null,"code":null}}}})",
                     escaped, type);
}

}  // namespace hearth::http
