// A small HTTP/1.1 server: the transport under hearth's OpenAI-compatible API
// and the loopback stand-ins the tests run (a fake model hub, fake remote
// providers).
//
// One thread per connection, up to a limit; a handler runs on its
// connection's thread and either answers with a whole Response or streams
// one (chunked transfer encoding, for server-sent events). The server owns
// the socket, so a handler can ask whether the client is still there while it
// works (Exchange::client_gone) and stop work nobody will read.
//
// Bad input never reaches a handler: malformed request lines and headers get
// 400, bodies above the limit 413 (before they are read, also after
// "Expect: 100-continue"), headers above the limit 431, unsupported transfer
// encodings 501, a client too slow to send its request 408, and connections
// beyond the limit 503. Every such answer closes the connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::http {

struct Header {
  std::string name;
  std::string value;
};

// The first header named `name` (ASCII case-insensitive), if any.
std::optional<std::string_view> find_header(const std::vector<Header>& headers,
                                            std::string_view name) noexcept;

// The reason phrase of a status code ("Not Found"); "Unknown" for others.
std::string_view status_reason(int status) noexcept;

struct Request {
  std::string method;  // "GET", "POST", ... as sent
  std::string target;  // the request target as sent: path and query
  std::string path;    // the target's path, percent-decoded
  std::string query;   // what follows '?', not decoded; empty if none
  std::vector<Header> headers;
  std::string body;            // de-chunked when sent with Transfer-Encoding: chunked
  std::string remote_address;  // the client's IP address: "127.0.0.1", "::1"
  std::optional<std::string_view> header(std::string_view name) const noexcept {
    return find_header(headers, name);
  }
};

struct Response {
  int status = 200;
  std::vector<Header> headers;  // Content-Length and Connection are added by the server
  std::string body;
};

// One request's answer channel, handed to the handler.
class Exchange {
 public:
  virtual ~Exchange() = default;

  // Sends a whole response. Returns false when the client is gone, or when
  // an answer was already begun (nothing is sent then). Throws
  // Error(invalid_argument) for a status outside 200-599 or a header whose
  // name is not a token or whose value holds CR, LF or other controls; so
  // does start_stream().
  virtual bool respond(const Response& response) = 0;

  // Starts a streamed response (Transfer-Encoding: chunked): status and
  // headers go out at once. Then write() sends each piece as it is ready and
  // finish() ends the body. Each returns false once the client is gone (a
  // write failed or timed out); later calls do nothing. An empty write()
  // sends nothing; a stream the handler leaves open is finished for it. An
  // HTTP/1.0 client gets the body unframed, ended by closing the connection.
  virtual bool start_stream(int status, const std::vector<Header>& headers) = 0;
  virtual bool write(std::string_view data) = 0;
  virtual bool finish() = 0;

  // True when the client has closed or reset the connection (checked on the
  // socket without blocking), or a write has failed. Handlers doing long work
  // poll it and cancel.
  virtual bool client_gone() = 0;

  // True once Server::stop() has begun: long work should wrap up.
  virtual bool server_stopping() const = 0;
};

// Called on the connection's thread. A handler that returns without
// answering gets a 500; an exception escaping it also becomes a 500 (or, if a
// stream was started, ends the connection).
using Handler = std::function<void(const Request&, Exchange&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (see Server::port())
  std::size_t max_body_bytes = 8u << 20;
  std::size_t max_header_bytes = 64u << 10;  // request line + headers
  std::size_t max_connections = 256;
  // A request's line, headers and body must all arrive within this time of
  // its first byte (slow clients get 408 and are closed).
  std::chrono::milliseconds request_timeout{30'000};
  // A keep-alive connection with no request in progress is closed after this.
  std::chrono::milliseconds idle_timeout{60'000};
  // A single send that makes no progress for this long fails (the client is
  // treated as gone).
  std::chrono::milliseconds write_timeout{30'000};
};

class Server {
 public:
  // Binds and listens (SO_REUSEADDR). Throws hearth::Error(io) naming the
  // address when it cannot, Error(invalid_argument) for a host that is not
  // an IPv4/IPv6 address or "localhost".
  Server(ServerOptions options, Handler handler);
  // Calls stop().
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (the chosen one when options.port was 0).
  std::uint16_t port() const noexcept;
  const ServerOptions& options() const noexcept;

  // Starts accepting on a background thread; returns at once.
  void start();

  // Stops accepting, closes idle connections, tells running handlers
  // (Exchange::server_stopping), waits up to `grace` for them to finish,
  // then shuts down the remaining sockets and joins every thread.
  // Idempotent; safe to call from any thread except a handler's.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds{10'000});

  // Connections open now (for metrics and tests).
  std::size_t open_connections() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Incremental request parsing, exposed for the fuzzer and tests: feed bytes
// as they arrive; the parser says when a request is complete or why it is
// refused. Used by Server for every connection.
class RequestParser {
 public:
  enum class Status {
    need_more,              // feed more bytes
    complete,               // request() is ready; consumed() bytes were used
    expect_continue,        // headers complete, the client waits for "100 Continue"
    bad_request,            // 400
    body_too_large,         // 413
    headers_too_large,      // 431
    not_implemented,        // 501: a transfer coding other than chunked
    version_not_supported,  // 505
  };

  RequestParser(std::size_t max_header_bytes, std::size_t max_body_bytes);

  // Parses as much of `data` as it can (data holds everything received since
  // the last reset(), consumed() of which were already used).
  Status feed(std::string_view data);

  // After `expect_continue`, the server answered 100; parsing goes on.
  void continue_accepted();

  const Request& request() const noexcept { return request_; }
  Request take_request() { return std::move(request_); }
  // Bytes of the input used so far (the rest belongs to the next request).
  std::size_t consumed() const noexcept { return consumed_; }
  // The client asked to close after this request (HTTP/1.0 without
  // keep-alive, or "Connection: close").
  bool wants_close() const noexcept { return wants_close_; }
  // A sentence saying why the request was refused (for the error body).
  const std::string& error() const noexcept { return error_; }
  // The request line said HTTP/1.0 (the answer may not use chunked coding).
  bool http_10() const noexcept { return http_10_; }

  void reset();

 private:
  enum class Phase : std::uint8_t {
    request_line,
    headers,
    awaiting_continue,
    body,        // Content-Length bytes
    chunk_size,  // a chunk-size line (with extensions)
    chunk_data,
    chunk_data_end,  // the CRLF after a chunk's data
    trailers,
    done,
    failed,
  };
  enum class LineScan : std::uint8_t { line, incomplete, too_long };

  Status fail(Status status, std::string message);
  LineScan next_line(std::string_view data, std::size_t max_end, std::string_view& line);
  Status parse_request_line(std::string_view line);
  Status parse_header_line(std::string_view line);
  Status finish_headers();
  Status parse_chunk_size(std::string_view line);
  Status parse_trailer_line(std::string_view line);

  std::size_t max_header_bytes_;
  std::size_t max_body_bytes_;
  Request request_;
  std::size_t consumed_ = 0;
  bool wants_close_ = false;
  std::string error_;
  Phase phase_ = Phase::request_line;
  Status final_status_ = Status::need_more;  // what feed() answers once done or failed
  bool http_10_ = false;
  bool chunked_ = false;
  // Where the search for the current line's end goes on, so that bytes fed
  // one at a time are each looked at once.
  std::size_t scan_ = 0;
  std::size_t trailers_start_ = 0;
  // Body bytes still to come: of the Content-Length, or of the current chunk.
  std::size_t body_remaining_ = 0;
};

}  // namespace hearth::http
