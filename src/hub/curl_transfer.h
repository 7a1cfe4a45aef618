// A libcurl easy handle set up the way every hub request wants it, and what
// a failed transfer means in words.
#pragma once

#include <curl/curl.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::hub::detail {

// The status and headers of the last response of a transfer: redirects
// start a new response, so after perform() these are the final answer's.
class ResponseHeaders {
 public:
  // One raw header line as CURLOPT_HEADERFUNCTION hands it over.
  void add_line(std::string_view line);
  long status() const noexcept { return status_; }
  // The first header named `name` (ASCII case-insensitive).
  std::optional<std::string> find(std::string_view name) const;

 private:
  long status_ = 0;
  std::vector<std::pair<std::string, std::string>> headers_;
};

class CurlTransfer {
 public:
  // TLS verified, http/https only, redirects followed (at most 10), the
  // connect timeout, a User-Agent, and the bearer token when given (curl
  // keeps it from hosts a redirect leads to). Throws Error(internal) when
  // libcurl cannot make a handle.
  CurlTransfer(const std::string& url, const std::optional<std::string>& token,
               long connect_timeout_seconds);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  CURL* handle() const noexcept { return handle_; }
  const std::string& url() const noexcept { return url_; }
  // An extra request header ("Range: bytes=10-"), before perform().
  void add_header(const std::string& line);

  CURLcode perform();
  const ResponseHeaders& response() const noexcept { return response_; }

  // What went wrong, in curl's words (its error buffer, else the code's
  // description).
  std::string error_detail(CURLcode code) const;

 private:
  std::string url_;
  CURL* handle_ = nullptr;
  curl_slist* request_headers_ = nullptr;
  ResponseHeaders response_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

// "host" or "host:port" of a URL, for messages.
std::string url_host(const std::string& url);

// The host could not be reached at all: name resolution, connection refused
// or timed out, a proxy that would not connect.
bool is_unreachable(CURLcode code) noexcept;

// The transfer broke off or stalled after it had started; trying again may
// work.
bool is_transient(CURLcode code) noexcept;

// Throws the Error a failed transfer means: Error(io) with "cannot reach
// HOST: ... — is the network up?" when unreachable, a TLS message for
// certificate trouble, otherwise curl's own words.
[[noreturn]] void raise_transfer_error(const CurlTransfer& transfer, CURLcode code);

}  // namespace hearth::hub::detail
