// One POST to a provider over libcurl: TLS verified, http/https only, no
// redirects, a connect timeout, and a read timeout meaning "no byte for this
// long" (measured by hearth, to the millisecond, so it also covers a server
// that accepted the connection and never answered). The caller's cancel
// check is polled while waiting. Connections, TLS sessions and DNS answers
// are kept in a ConnectionCache and reused by later calls.
#pragma once

#include <curl/curl.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/remote/provider.h"

namespace hearth::remote::detail {

// A libcurl share handle (connections, TLS sessions, DNS), safe for
// transfers on many threads at once, and the transfer handles of finished
// calls, kept for the next ones (making a pair costs tens of microseconds and
// a socket pair per call). Must outlive every transfer using it.
class ConnectionCache {
 public:
  // An easy handle in its own multi handle, reset to libcurl's defaults.
  struct Handles {
    CURL* easy = nullptr;
    CURLM* multi = nullptr;
  };

  // Throws Error(internal) when libcurl cannot be set up.
  ConnectionCache();
  ~ConnectionCache();
  ConnectionCache(const ConnectionCache&) = delete;
  ConnectionCache& operator=(const ConnectionCache&) = delete;

  CURLSH* handle() const noexcept { return share_; }

  // Kept handles, or new ones. Throws Error(internal) when libcurl cannot
  // make them.
  Handles take_handles();
  // Back for reuse (the easy handle must not be in its multi handle).
  void give_back(Handles handles) noexcept;

 private:
  static void lock(CURL* handle, curl_lock_data data, curl_lock_access access, void* self);
  static void unlock(CURL* handle, curl_lock_data data, void* self);
  static void destroy(Handles handles) noexcept;

  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;
  std::mutex idle_mutex_;
  std::vector<Handles> idle_;
};

struct HttpPost {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds read_timeout{60'000};
};

// The status line and the headers of interest of the (final) response.
struct ResponseHead {
  long status = 0;
  std::string content_type;
  std::optional<std::string> retry_after;
  std::optional<std::string> retry_after_ms;
};

struct HttpOutcome {
  enum class End : std::uint8_t {
    complete,   // the whole response arrived
    failed,     // curl gave up: see code and detail
    silent,     // no byte for read_timeout
    cancelled,  // the cancel check said stop
  };
  End end = End::complete;
  CURLcode code = CURLE_OK;
  std::string detail;  // curl's words for a failure
  ResponseHead head;
  bool connected = false;  // the connection was made and the request began
};

// Gets the body as it arrives, with the response's head (status and headers
// are complete before the first byte of the body).
using BodySink = std::function<void(const ResponseHead& head, std::string_view bytes)>;

// Sends `post` and hands the response body to `on_body`. An exception from
// `on_body` ends the transfer and is rethrown. Throws Error(internal) when
// libcurl cannot make a handle.
HttpOutcome perform_post(const HttpPost& post, ConnectionCache& cache, const BodySink& on_body,
                         const CancelCheck& cancelled);

// The host (and port) of a URL, for messages: never its path, query or
// credentials.
std::string url_host(std::string_view url);

}  // namespace hearth::remote::detail
