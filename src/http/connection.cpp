#include "connection.h"

#include <cstddef>
#include <exception>
#include <utility>

#include "exchange.h"
#include "headers.h"
#include "socket_io.h"

namespace hearth::http {
namespace {

using Status = RequestParser::Status;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// A keep-alive connection gives back buffer space above this after a large
// request, so idle connections do not each hold a body's worth of memory.
constexpr std::size_t kIdleBufferBytes = 64 * 1024;

int status_code(Status status) {
  switch (status) {
    case Status::bad_request:
      return 400;
    case Status::body_too_large:
      return 413;
    case Status::headers_too_large:
      return 431;
    case Status::not_implemented:
      return 501;
    case Status::version_not_supported:
      return 505;
    case Status::need_more:
    case Status::complete:
    case Status::expect_continue:
      break;
  }
  return 500;
}

// Sends a final error answer and ends the connection.
void refuse(const ConnectionContext& context, int fd, int status, std::string_view message) {
  const std::string answer = error_answer(status, message, "invalid_request_error");
  if (send_all(fd, {answer}, context.options.write_timeout)) linger_close(fd, context.stop_fd);
}

enum class Outcome { keep_alive, close };

// Runs the handler and completes what it left undone.
Outcome handle(const ConnectionContext& context, int fd, const Request& request, bool http_10,
               bool close) {
  ConnectionExchange exchange({.fd = fd,
                               .write_timeout = context.options.write_timeout,
                               .head = request.method == "HEAD",
                               .http_10 = http_10,
                               .close = close,
                               .stopping = &context.stopping});
  bool threw = false;
  try {
    context.handler(request, exchange);
  } catch (...) {
    threw = true;
  }
  switch (exchange.state()) {
    case ConnectionExchange::State::unanswered: {
      const std::string_view message = threw ? "The server failed while handling the request."
                                             : "The request handler returned without answering.";
      try {
        exchange.respond({.status = 500,
                          .headers = {{"Content-Type", "application/json"}},
                          .body = json_error_body(message, "server_error")});
      } catch (const std::exception&) {
        return Outcome::close;
      }
      break;
    }
    case ConnectionExchange::State::streaming:
      // A stream cut short by an exception must not look complete.
      if (threw) return Outcome::close;
      exchange.finish();
      break;
    case ConnectionExchange::State::responded:
    case ConnectionExchange::State::finished:
      break;
  }
  if (exchange.broken()) return Outcome::close;
  if (exchange.closes()) {
    linger_close(fd, context.stop_fd);
    return Outcome::close;
  }
  return Outcome::keep_alive;
}

}  // namespace

std::string error_answer(int status, std::string_view message, std::string_view type,
                         const std::vector<Header>& extra_headers) {
  const std::string body = json_error_body(message, type);
  std::vector<Header> headers{{"Content-Type", "application/json"}};
  headers.insert(headers.end(), extra_headers.begin(), extra_headers.end());
  Framing framing;
  framing.body = Framing::Body::content_length;
  framing.content_length = body.size();
  framing.close = true;
  return response_head(status, headers, framing) + body;
}

void serve_connection(const ConnectionContext& context, int fd, const std::string& remote_address) {
  const ServerOptions& options = context.options;
  std::string buffer;
  RequestParser parser(options.max_header_bytes, options.max_body_bytes);
  while (!context.stopping.load()) {
    if (buffer.empty()) {
      // Between requests: wait for the next one's first byte. The idle
      // timeout, stop() and a client that closes all end it silently.
      const ReadResult waited =
          read_some(fd, buffer, deadline_after(options.idle_timeout), context.stop_fd);
      if (waited != ReadResult::data) return;
    }
    const auto deadline = deadline_after(options.request_timeout);
    Status status = parser.feed(buffer);
    while (status == Status::need_more || status == Status::expect_continue) {
      if (status == Status::expect_continue) {
        if (!send_all(fd, {kContinue}, options.write_timeout)) return;
        parser.continue_accepted();
      } else {
        switch (read_some(fd, buffer, deadline, -1)) {
          case ReadResult::data:
            break;
          case ReadResult::timed_out:
            refuse(context, fd, 408, "The request did not arrive within the time limit.");
            return;
          case ReadResult::closed:
          case ReadResult::woken:
          case ReadResult::failed:
            return;
        }
      }
      status = parser.feed(buffer);
    }
    if (status != Status::complete) {
      refuse(context, fd, status_code(status), parser.error());
      return;
    }
    Request request = parser.take_request();
    request.remote_address = remote_address;
    const bool http_10 = parser.http_10();
    const bool close = parser.wants_close();
    // What follows the request belongs to the next one (pipelining).
    buffer.erase(0, parser.consumed());
    if (buffer.capacity() > kIdleBufferBytes) buffer.shrink_to_fit();
    parser.reset();
    if (handle(context, fd, request, http_10, close) == Outcome::close) return;
  }
}

}  // namespace hearth::http
