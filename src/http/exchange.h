// The Exchange a handler answers through: one per request, on the
// connection's thread. It frames the answer (Content-Length, chunked, or
// until close for an HTTP/1.0 client) and remembers whether the connection
// can carry another request afterwards.
#pragma once

#include <atomic>
#include <chrono>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "headers.h"
#include "hearth/http/server.h"

namespace hearth::http {

class ConnectionExchange final : public Exchange {
 public:
  struct Setup {
    int fd = -1;
    std::chrono::milliseconds write_timeout{0};
    bool head = false;     // a HEAD request: heads only, never a body
    bool http_10 = false;  // the client speaks HTTP/1.0: no chunked coding
    bool close = false;    // the connection closes after this answer
    const std::atomic<bool>* stopping = nullptr;
  };

  enum class State {
    unanswered,
    responded,
    streaming,
    finished,  // a stream was ended
  };

  explicit ConnectionExchange(const Setup& setup) : setup_(setup) {}

  // Throws Error(invalid_argument) for a status outside 200-599 or a header
  // that is not a token name with a control-free value.
  bool respond(const Response& response) override;
  bool start_stream(int status, const std::vector<Header>& headers) override;
  bool write(std::string_view data) override;
  bool finish() override;
  bool client_gone() override;
  bool server_stopping() const override;

  State state() const noexcept { return state_; }
  // A send failed or the client was seen gone: the connection is unusable.
  bool broken() const noexcept { return broken_; }
  // The answer said "Connection: close" (or ends at close).
  bool closes() const noexcept { return closes_; }

 private:
  Framing framing_for(int status, Framing::Body body);
  bool send(std::initializer_list<std::string_view> pieces);

  Setup setup_;
  State state_ = State::unanswered;
  bool broken_ = false;
  bool closes_ = false;
  bool body_allowed_ = true;  // the stream's bytes go out (not HEAD, not 204/304)
  bool chunked_ = false;
};

}  // namespace hearth::http
