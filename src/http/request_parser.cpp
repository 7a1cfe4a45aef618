// RequestParser: HTTP/1.1 request framing (RFC 9112) for one request at a
// time. The input is everything received since reset(); the parser keeps its
// place (consumed_, scan_) so that bytes arriving one at a time are each
// examined once. Every limit is checked against a position in the input, not
// against how much happened to be fed, so the answer never depends on how the
// bytes were split.
//
// A line ends at LF, optionally preceded by CR (RFC 9112 §2.2 lets a
// recipient accept a bare LF); a CR anywhere else is refused.
#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "headers.h"
#include "hearth/http/server.h"

namespace hearth::http {
namespace {

// A chunk-size line with its extensions; real clients send a few bytes.
constexpr std::size_t kMaxChunkLineBytes = 4096;

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_whitespace(char c) noexcept {
  return c == ' ' || c == '\t';
}

// Percent-decodes a path; false for a malformed escape or an encoded NUL.
bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (text.size() - i < 3) return false;
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return false;
    const char decoded = static_cast<char>(high * 16 + low);
    if (decoded == '\0') return false;
    out += decoded;
    i += 2;
  }
  return true;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// Request-target characters: anything visible; no whitespace, controls or
// fragment.
bool is_target(std::string_view target) noexcept {
  for (const char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '#') return false;
  }
  return true;
}

// Parses 1*DIGIT; false when empty, not all digits, or above SIZE_MAX.
bool parse_decimal(std::string_view text, std::size_t& value) noexcept {
  if (text.empty()) return false;
  value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<std::size_t>(c - '0');
    if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10) return false;
    value = value * 10 + digit;
  }
  return true;
}

// The extensions after a chunk size: *( BWS ";" BWS name [ BWS "=" BWS value ] ) BWS,
// a value being a token or a quoted-string (RFC 9112 §7.1.1).
bool valid_chunk_extensions(std::string_view text) noexcept {
  std::size_t i = 0;
  const auto skip_whitespace = [&] {
    while (i < text.size() && is_whitespace(text[i])) ++i;
  };
  const auto skip_token = [&] {
    const std::size_t start = i;
    while (i < text.size() && is_token_char(text[i])) ++i;
    return i > start;
  };
  while (true) {
    skip_whitespace();
    if (i == text.size()) return true;
    if (text[i] != ';') return false;
    ++i;
    skip_whitespace();
    if (!skip_token()) return false;
    skip_whitespace();
    if (i == text.size() || text[i] != '=') continue;
    ++i;
    skip_whitespace();
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size() && !closed) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (text[i] == '"') {
          closed = true;
        } else if (text[i] == '\\') {
          if (++i == text.size()) return false;
          const auto escaped = static_cast<unsigned char>(text[i]);
          if ((escaped < 0x20 && text[i] != '\t') || escaped == 0x7F) return false;
        } else if ((u < 0x20 && text[i] != '\t') || u == 0x7F) {
          return false;
        }
        ++i;
      }
      if (!closed) return false;
    } else if (!skip_token()) {
      return false;
    }
  }
}

// Checks a header or trailer field line and splits it; returns the reason
// it is refused, or an empty view.
std::string_view split_field_line(std::string_view line, Header& field) {
  if (is_whitespace(line.front())) {
    return "A header line starts with whitespace (obsolete line folding is not accepted).";
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return "A header line has no colon.";
  const std::string_view name = line.substr(0, colon);
  if (colon > 0 && is_whitespace(name.back())) {
    return "A header name is followed by whitespace before the colon.";
  }
  if (!is_token(name)) return "A header name is empty or holds characters a token may not.";
  const std::string_view value = trim_whitespace(line.substr(colon + 1));
  if (!is_field_value(value)) return "A header value holds a control character.";
  field.name.assign(name);
  field.value.assign(value);
  return {};
}

}  // namespace

RequestParser::RequestParser(std::size_t max_header_bytes, std::size_t max_body_bytes)
    : max_header_bytes_(max_header_bytes), max_body_bytes_(max_body_bytes) {}

void RequestParser::reset() {
  request_ = Request{};
  consumed_ = 0;
  wants_close_ = false;
  error_.clear();
  phase_ = Phase::request_line;
  final_status_ = Status::need_more;
  http_10_ = false;
  chunked_ = false;
  scan_ = 0;
  trailers_start_ = 0;
  body_remaining_ = 0;
}

RequestParser::Status RequestParser::fail(Status status, std::string message) {
  phase_ = Phase::failed;
  final_status_ = status;
  error_ = std::move(message);
  wants_close_ = true;
  return status;
}

void RequestParser::continue_accepted() {
  if (phase_ != Phase::awaiting_continue) return;
  phase_ = chunked_ ? Phase::chunk_size : Phase::body;
}

RequestParser::LineScan RequestParser::next_line(std::string_view data, std::size_t max_end,
                                                 std::string_view& line) {
  const std::size_t from = std::max(scan_, consumed_);
  const std::size_t to = std::min(data.size(), max_end);
  const std::size_t newline =
      from < to ? data.substr(0, to).find('\n', from) : std::string_view::npos;
  if (newline == std::string_view::npos) {
    scan_ = std::max(from, to);
    return data.size() >= max_end ? LineScan::too_long : LineScan::incomplete;
  }
  line = data.substr(consumed_, newline - consumed_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  consumed_ = newline + 1;
  scan_ = consumed_;
  return LineScan::line;
}

RequestParser::Status RequestParser::feed(std::string_view data) {
  while (true) {
    switch (phase_) {
      case Phase::done:
      case Phase::failed:
        return final_status_;
      case Phase::awaiting_continue:
        return Status::expect_continue;
      case Phase::request_line:
      case Phase::headers: {
        std::string_view line;
        switch (next_line(data, max_header_bytes_, line)) {
          case LineScan::incomplete:
            return Status::need_more;
          case LineScan::too_long:
            return fail(Status::headers_too_large,
                        "The request line and headers are larger than the server accepts.");
          case LineScan::line:
            break;
        }
        if (line.find('\r') != std::string_view::npos) {
          return fail(Status::bad_request, "A carriage return appears inside a header line.");
        }
        const Status status =
            phase_ == Phase::request_line ? parse_request_line(line) : parse_header_line(line);
        if (status != Status::need_more) return status;
        break;
      }
      case Phase::body: {
        const std::size_t take = std::min(body_remaining_, data.size() - consumed_);
        request_.body.append(data.substr(consumed_, take));
        consumed_ += take;
        body_remaining_ -= take;
        if (body_remaining_ > 0) return Status::need_more;
        phase_ = Phase::done;
        final_status_ = Status::complete;
        break;
      }
      case Phase::chunk_size: {
        std::string_view line;
        switch (next_line(data, consumed_ + kMaxChunkLineBytes, line)) {
          case LineScan::incomplete:
            return Status::need_more;
          case LineScan::too_long:
            return fail(Status::bad_request, "A chunk-size line is too long.");
          case LineScan::line:
            break;
        }
        const Status status = parse_chunk_size(line);
        if (status != Status::need_more) return status;
        break;
      }
      case Phase::chunk_data: {
        const std::size_t take = std::min(body_remaining_, data.size() - consumed_);
        request_.body.append(data.substr(consumed_, take));
        consumed_ += take;
        body_remaining_ -= take;
        if (body_remaining_ > 0) return Status::need_more;
        phase_ = Phase::chunk_data_end;
        break;
      }
      case Phase::chunk_data_end: {
        if (consumed_ == data.size()) return Status::need_more;
        if (data[consumed_] == '\r') {
          if (consumed_ + 1 == data.size()) return Status::need_more;
          if (data[consumed_ + 1] != '\n') {
            return fail(Status::bad_request, "A chunk's data is not followed by CRLF.");
          }
          consumed_ += 2;
        } else if (data[consumed_] == '\n') {
          consumed_ += 1;
        } else {
          return fail(Status::bad_request, "A chunk's data is longer than its size says.");
        }
        phase_ = Phase::chunk_size;
        break;
      }
      case Phase::trailers: {
        std::string_view line;
        switch (next_line(data, trailers_start_ + max_header_bytes_, line)) {
          case LineScan::incomplete:
            return Status::need_more;
          case LineScan::too_long:
            return fail(Status::headers_too_large,
                        "The chunked body's trailer fields are larger than the server accepts.");
          case LineScan::line:
            break;
        }
        if (line.find('\r') != std::string_view::npos) {
          return fail(Status::bad_request, "A carriage return appears inside a trailer line.");
        }
        const Status status = parse_trailer_line(line);
        if (status != Status::need_more) return status;
        break;
      }
    }
    if (phase_ == Phase::done) return final_status_;
  }
}

RequestParser::Status RequestParser::parse_request_line(std::string_view line) {
  // RFC 9112 §2.2: empty lines before the request line are ignored.
  if (line.empty()) return Status::need_more;

  const std::size_t first_space = line.find(' ');
  const std::size_t second_space =
      first_space == std::string_view::npos ? first_space : line.find(' ', first_space + 1);
  if (second_space == std::string_view::npos ||
      line.find(' ', second_space + 1) != std::string_view::npos) {
    return fail(Status::bad_request,
                "The request line is not 'METHOD target HTTP-version' with single spaces.");
  }
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
  const std::string_view version = line.substr(second_space + 1);

  if (!is_token(method)) return fail(Status::bad_request, "The request method is not a token.");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[5] < '0' ||
      version[5] > '9' || version[6] != '.' || version[7] < '0' || version[7] > '9') {
    return fail(Status::bad_request, "The request line does not end with an HTTP version.");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    return fail(Status::version_not_supported, "Only HTTP/1.0 and HTTP/1.1 are supported.");
  }
  if (target.empty() || !is_target(target)) {
    return fail(Status::bad_request,
                "The request target is empty or holds whitespace, controls or a fragment.");
  }

  std::string_view path_and_query;
  if (target.front() == '/') {
    path_and_query = target;
  } else if (target == "*" && method == "OPTIONS") {
    path_and_query = target;
  } else if (starts_with_ignoring_case(target, "http://") ||
             starts_with_ignoring_case(target, "https://")) {
    // absolute-form: the authority is dropped, the path kept.
    const std::size_t authority_start = target.find("//") + 2;
    const std::size_t path_start = target.find_first_of("/?", authority_start);
    if (path_start == authority_start) {
      return fail(Status::bad_request, "The absolute request target has no host.");
    }
    path_and_query = path_start == std::string_view::npos ? "/" : target.substr(path_start);
  } else {
    return fail(Status::bad_request, "The request target is not a path or an absolute URL.");
  }

  const std::size_t question = path_and_query.find('?');
  std::string_view raw_path = path_and_query.substr(0, question);
  if (raw_path.empty()) raw_path = "/";
  if (!percent_decode(raw_path, request_.path)) {
    return fail(Status::bad_request,
                "The request path has a malformed percent-escape or an encoded NUL.");
  }
  request_.query = question == std::string_view::npos
                       ? std::string{}
                       : std::string(path_and_query.substr(question + 1));
  request_.method.assign(method);
  request_.target.assign(target);
  http_10_ = version == "HTTP/1.0";
  phase_ = Phase::headers;
  return Status::need_more;
}

RequestParser::Status RequestParser::parse_header_line(std::string_view line) {
  if (line.empty()) return finish_headers();
  Header field;
  const std::string_view refusal = split_field_line(line, field);
  if (!refusal.empty()) return fail(Status::bad_request, std::string(refusal));
  request_.headers.push_back(std::move(field));
  return Status::need_more;
}

RequestParser::Status RequestParser::finish_headers() {
  std::size_t hosts = 0;
  bool has_length = false;
  std::size_t length = 0;
  bool has_transfer_encoding = false;
  std::vector<std::string_view> codings;
  bool close_asked = false;
  bool keep_alive_asked = false;
  bool expect_continue = false;
  for (const Header& header : request_.headers) {
    if (iequals(header.name, "host")) {
      ++hosts;
    } else if (iequals(header.name, "content-length")) {
      std::size_t value = 0;
      if (!parse_decimal(header.value, value)) {
        return fail(Status::bad_request,
                    "The Content-Length header is not a decimal number the server can hold.");
      }
      if (has_length && value != length) {
        return fail(Status::bad_request, "The Content-Length headers disagree.");
      }
      has_length = true;
      length = value;
    } else if (iequals(header.name, "transfer-encoding")) {
      has_transfer_encoding = true;
      for (const std::string_view coding : list_elements(header.value)) codings.push_back(coding);
    } else if (iequals(header.name, "connection")) {
      for (const std::string_view option : list_elements(header.value)) {
        if (iequals(option, "close")) close_asked = true;
        if (iequals(option, "keep-alive")) keep_alive_asked = true;
      }
    } else if (iequals(header.name, "expect")) {
      // RFC 9110 §10.1.1: an HTTP/1.0 client's 100-continue is ignored.
      if (iequals(header.value, "100-continue") && !http_10_) expect_continue = true;
    }
  }
  // RFC 9112 §3.2.
  if (hosts > 1) return fail(Status::bad_request, "The request has more than one Host header.");
  if (hosts == 0 && !http_10_) {
    return fail(Status::bad_request, "An HTTP/1.1 request must have a Host header.");
  }
  if (has_transfer_encoding) {
    // RFC 9112 §6.1 and §6.3: either framing may be forged; refuse both at once.
    if (has_length) {
      return fail(Status::bad_request,
                  "The request has both Content-Length and Transfer-Encoding.");
    }
    if (http_10_) {
      return fail(Status::bad_request, "An HTTP/1.0 request may not use Transfer-Encoding.");
    }
    if (codings.empty()) return fail(Status::bad_request, "The Transfer-Encoding header is empty.");
    for (const std::string_view coding : codings) {
      if (!iequals(coding, "chunked")) {
        return fail(Status::not_implemented, "The only transfer coding supported is chunked.");
      }
    }
    if (codings.size() > 1) {
      return fail(Status::bad_request, "The chunked transfer coding is applied more than once.");
    }
    chunked_ = true;
  }
  if (has_length && length > max_body_bytes_) {
    return fail(Status::body_too_large, "The request body is larger than the server accepts.");
  }
  wants_close_ = close_asked || (http_10_ && !keep_alive_asked);
  body_remaining_ = length;
  const bool has_body = chunked_ || length > 0;
  if (!has_body) {
    phase_ = Phase::done;
    final_status_ = Status::complete;
    return final_status_;
  }
  if (expect_continue) {
    phase_ = Phase::awaiting_continue;
    return Status::expect_continue;
  }
  phase_ = chunked_ ? Phase::chunk_size : Phase::body;
  return Status::need_more;
}

RequestParser::Status RequestParser::parse_chunk_size(std::string_view line) {
  std::size_t digits = 0;
  std::size_t size = 0;
  while (digits < line.size() && hex_value(line[digits]) >= 0) {
    if (size > (std::numeric_limits<std::size_t>::max() >> 4)) {
      return fail(Status::bad_request, "A chunk size is too large to represent.");
    }
    size = size * 16 + static_cast<std::size_t>(hex_value(line[digits]));
    ++digits;
  }
  if (digits == 0)
    return fail(Status::bad_request, "A chunk-size line does not start with hex digits.");
  if (!valid_chunk_extensions(line.substr(digits))) {
    return fail(Status::bad_request, "A chunk-size line has malformed extensions.");
  }
  if (size == 0) {
    phase_ = Phase::trailers;
    trailers_start_ = consumed_;
    return Status::need_more;
  }
  if (size > max_body_bytes_ - request_.body.size()) {
    return fail(Status::body_too_large, "The request body is larger than the server accepts.");
  }
  body_remaining_ = size;
  phase_ = Phase::chunk_data;
  return Status::need_more;
}

RequestParser::Status RequestParser::parse_trailer_line(std::string_view line) {
  if (line.empty()) {
    phase_ = Phase::done;
    final_status_ = Status::complete;
    return final_status_;
  }
  // Trailer fields are checked like headers and then dropped: none of them
  // may change how the request is framed or routed.
  Header field;
  const std::string_view refusal = split_field_line(line, field);
  if (!refusal.empty()) return fail(Status::bad_request, std::string(refusal));
  return Status::need_more;
}

}  // namespace hearth::http
