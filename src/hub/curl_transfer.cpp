#include "curl_transfer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

#include "hearth/util/ascii.h"
#include "hearth/util/error.h"
#include "hearth/version.h"

namespace hearth::hub::detail {
namespace {

// curl_global_init is not thread-safe in the libcurl Debian 12 ships; one
// call for the process, before the first handle.
void initialize_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      raise(ErrorKind::internal, "libcurl could not be initialized");
    }
  });
}

extern "C" std::size_t on_header_line(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<ResponseHeaders*>(user)->add_line(std::string_view(data, size * count));
  return size * count;
}

}  // namespace

void ResponseHeaders::add_line(std::string_view line) {
  line = trim(line);
  if (line.starts_with("HTTP/")) {
    // A new response (after a redirect, or a 100 Continue): forget the last.
    headers_.clear();
    status_ = 0;
    const std::size_t space = line.find(' ');
    if (space != std::string_view::npos) {
      const std::string_view code = line.substr(space + 1, 3);
      long value = 0;
      for (const char digit : code) {
        if (digit < '0' || digit > '9') break;
        value = value * 10 + (digit - '0');
      }
      status_ = value;
    }
    return;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  headers_.emplace_back(std::string(trim(line.substr(0, colon))),
                        std::string(trim(line.substr(colon + 1))));
}

std::optional<std::string> ResponseHeaders::find(std::string_view name) const {
  for (const auto& [header, value] : headers_) {
    if (equals_ignoring_case(header, name)) return value;
  }
  return std::nullopt;
}

CurlTransfer::CurlTransfer(const std::string& url, const std::optional<std::string>& token,
                           long connect_timeout_seconds)
    : url_(url) {
  initialize_curl_once();
  handle_ = curl_easy_init();
  if (handle_ == nullptr) raise(ErrorKind::internal, "libcurl could not create a handle");
  static const std::string user_agent = fmt::format("hearth/{}", kVersion);
  curl_easy_setopt(handle_, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(handle_, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(handle_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle_, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(handle_, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(handle_, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle_, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT, connect_timeout_seconds);
  curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle_, CURLOPT_HEADERFUNCTION, on_header_line);
  curl_easy_setopt(handle_, CURLOPT_HEADERDATA, &response_);
  if (token) add_header("Authorization: Bearer " + *token);
}

CurlTransfer::~CurlTransfer() {
  curl_slist_free_all(request_headers_);
  curl_easy_cleanup(handle_);
}

void CurlTransfer::add_header(const std::string& line) {
  curl_slist* extended = curl_slist_append(request_headers_, line.c_str());
  if (extended == nullptr) raise(ErrorKind::resource_exhausted, "out of memory for a header");
  request_headers_ = extended;
}

CURLcode CurlTransfer::perform() {
  curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, request_headers_);
  error_buffer_[0] = '\0';
  return curl_easy_perform(handle_);
}

std::string CurlTransfer::error_detail(CURLcode code) const {
  std::string_view detail(error_buffer_, ::strnlen(error_buffer_, sizeof error_buffer_));
  detail = trim(detail);
  if (detail.empty()) return curl_easy_strerror(code);
  return std::string(detail);
}

std::string url_host(const std::string& url) {
  std::string_view rest = url;
  if (const std::size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  return std::string(rest);
}

bool is_unreachable(CURLcode code) noexcept {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return true;
    default:
      return false;
  }
}

bool is_transient(CURLcode code) noexcept {
  switch (code) {
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return is_unreachable(code);
  }
}

void raise_transfer_error(const CurlTransfer& transfer, CURLcode code) {
  const std::string host = url_host(transfer.url());
  if (is_unreachable(code)) {
    raise(ErrorKind::io, "cannot reach {}: {} — is the network up?", host,
          curl_easy_strerror(code));
  }
  if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) {
    raise(ErrorKind::io, "the TLS certificate of {} could not be verified: {}", host,
          transfer.error_detail(code));
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    raise(ErrorKind::io, "{} stopped sending: {}", host, transfer.error_detail(code));
  }
  raise(ErrorKind::io, "transfer from {} failed: {}", host, transfer.error_detail(code));
}

}  // namespace hearth::hub::detail
