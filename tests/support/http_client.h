// A small blocking HTTP client for tests (libcurl), and raw-socket helpers
// for the tests that must send bytes no well-behaved client would.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/http/server.h"

namespace hearth::testing {

struct HttpResult {
  long status = 0;                    // 0 when no response arrived
  std::vector<http::Header> headers;  // of the final response (not of a 100 Continue)
  std::string body;
  std::string error;  // curl's error text when the transfer failed; empty otherwise

  std::optional<std::string_view> header(std::string_view name) const {
    return http::find_header(headers, name);
  }
};

// One curl handle: successive requests to the same server reuse its
// connection (keep-alive) where the server allows. Not thread-safe.
//
// `headers` are added to curl's own; a header with an empty value removes
// one curl would send (e.g. {"Expect", ""}). A body is sent for any method
// but GET and HEAD with an empty body; HEAD asks for no response body.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult request(const std::string& method, const std::string& url,
                     const std::string& body = {}, const std::vector<http::Header>& headers = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds(60));

  // Streaming: on_data gets each piece of the (de-chunked) body as it
  // arrives; returning false aborts the transfer and closes the connection.
  // The result's body stays empty.
  HttpResult stream(const std::string& method, const std::string& url, const std::string& body,
                    const std::vector<http::Header>& headers,
                    const std::function<bool(std::string_view)>& on_data,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60));

  // Connections the last request had to open: 0 when it reused one.
  long last_new_connections() const { return last_new_connections_; }

 private:
  struct Curl;
  std::unique_ptr<Curl> curl_;
  long last_new_connections_ = 0;
};

// One request on a fresh connection, closed afterwards.
HttpResult http_request(const std::string& method, const std::string& url,
                        const std::string& body = {}, const std::vector<http::Header>& headers = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(60));

HttpResult http_stream(const std::string& method, const std::string& url, const std::string& body,
                       const std::vector<http::Header>& headers,
                       const std::function<bool(std::string_view)>& on_data,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A blocking TCP socket connected to 127.0.0.1:port, or -1. The caller
// closes it.
int connect_loopback(std::uint16_t port);

// Writes every byte (MSG_NOSIGNAL); false when the peer is gone.
bool send_raw(int fd, std::string_view bytes);

// Reads until the peer closes, the connection fails, or `timeout` passes
// (measured from the call); returns everything read. `closed`, when given,
// says whether the peer closed (or reset) rather than the time running out.
std::string read_until_close(int fd, std::chrono::milliseconds timeout, bool* closed = nullptr);

// Connects, sends `bytes`, and reads the whole reply until the server closes
// or `timeout` passes. Empty when the connection failed.
std::string raw_exchange(std::uint16_t port, std::string_view bytes,
                         std::chrono::milliseconds timeout);

}  // namespace hearth::testing
