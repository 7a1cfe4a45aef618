// Server: the listening socket, the accept loop, one thread per connection,
// the connection limit and stop().
//
// The accept loop polls the listener together with two eventfds: `stop_fd`
// becomes readable (and stays so) when stop() begins, which also wakes every
// connection waiting between requests; `reap_fd` is signalled by each
// connection thread as it ends, so the loop joins finished threads at once
// and their number never grows with the connections served.
#include "hearth/http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <list>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "connection.h"
#include "hearth/util/error.h"
#include "socket_io.h"

namespace hearth::http {
namespace {

// A connection refused for being over the limit is kept this long after its
// 503, reading what the client sends, so that closing it sends no reset that
// could destroy the answer.
constexpr auto kRefusedLinger = std::chrono::seconds(1);
constexpr std::size_t kMaxRefusedLingering = 64;
// How long accepting pauses when the process is out of descriptors or memory.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);

std::string system_message(int error) {
  return std::system_category().message(error);
}

void signal_eventfd(int fd) noexcept {
  const std::uint64_t one = 1;
  while (::write(fd, &one, sizeof one) < 0 && errno == EINTR) {
  }
}

void drain_eventfd(int fd) noexcept {
  std::uint64_t count = 0;
  while (::read(fd, &count, sizeof count) < 0 && errno == EINTR) {
  }
}

// Reads and drops what is waiting on a non-blocking socket; false once the
// peer has closed or the socket failed.
bool discard_available(int fd) noexcept {
  std::array<char, 4096> scratch;
  while (true) {
    const ssize_t received = ::recv(fd, scratch.data(), scratch.size(), MSG_DONTWAIT);
    if (received > 0) continue;
    if (received == 0) return false;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  }
}

sockaddr_storage resolve_host(const std::string& host, std::uint16_t port, socklen_t& length) {
  std::string literal = host == "localhost" ? std::string("127.0.0.1") : host;
  if (literal.size() > 2 && literal.front() == '[' && literal.back() == ']') {
    literal = literal.substr(1, literal.size() - 2);
  }
  sockaddr_storage address{};
  auto* ipv4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* ipv6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (::inet_pton(AF_INET, literal.c_str(), &ipv4->sin_addr) == 1) {
    ipv4->sin_family = AF_INET;
    ipv4->sin_port = htons(port);
    length = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, literal.c_str(), &ipv6->sin6_addr) == 1) {
    ipv6->sin6_family = AF_INET6;
    ipv6->sin6_port = htons(port);
    length = sizeof(sockaddr_in6);
  } else {
    raise(ErrorKind::invalid_argument,
          "HTTP server host '{}' is not an IPv4 or IPv6 address or 'localhost'", host);
  }
  return address;
}

}  // namespace

struct Server::State {
  struct Connection {
    int fd = -1;  // -1 once the connection's thread has closed it
    std::thread thread;
    bool finished = false;
  };
  struct Refused {
    int fd;
    Clock::time_point until;
  };

  ServerOptions options;
  Handler handler;
  int listen_fd = -1;
  int stop_fd = -1;
  int reap_fd = -1;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> open{0};

  std::mutex lifecycle_mutex;  // start() and stop()
  bool started = false;
  bool stopped = false;
  std::thread acceptor;

  std::mutex mutex;  // connections, and each one's fd and finished
  std::condition_variable connection_ended;
  std::list<Connection> connections;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    for (const int fd : {listen_fd, stop_fd, reap_fd}) {
      if (fd >= 0) ::close(fd);
    }
  }

  void accept_loop();
  void accept_pending(std::vector<Refused>& refused, Clock::time_point& paused_until);
  void refuse(int fd, std::vector<Refused>& refused);
  bool launch(int fd, std::string remote_address);
  void run_connection(Connection& connection, const std::string& remote_address);
  void reap();
};

void Server::State::accept_loop() {
  std::vector<Refused> refused;
  Clock::time_point paused_until{};
  std::vector<pollfd> fds;
  while (true) {
    const auto now = Clock::now();
    fds.clear();
    fds.push_back({stop_fd, POLLIN, 0});
    fds.push_back({reap_fd, POLLIN, 0});
    // poll() skips a negative descriptor: accepting pauses after EMFILE.
    fds.push_back({now >= paused_until ? listen_fd : -1, POLLIN, 0});
    Clock::time_point wake = now >= paused_until ? Clock::time_point::max() : paused_until;
    for (const Refused& entry : refused) {
      fds.push_back({entry.fd, POLLIN, 0});
      wake = std::min(wake, entry.until);
    }
    int timeout = -1;
    if (wake != Clock::time_point::max()) {
      timeout = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(
                                     std::max(wake - now, Clock::duration::zero()))
                                     .count());
    }
    if (::poll(fds.data(), fds.size(), timeout) < 0) {
      // EINTR, or ENOMEM: the descriptors stay as they were; try again.
      if (errno != EINTR) std::this_thread::sleep_for(kAcceptBackoff);
      continue;
    }
    if ((fds[0].revents & POLLIN) != 0) break;
    if ((fds[1].revents & POLLIN) != 0) {
      drain_eventfd(reap_fd);
      reap();
    }
    // Refused connections first: the vector may grow below.
    const auto after_poll = Clock::now();
    for (std::size_t i = refused.size(); i-- > 0;) {
      const short events = fds[3 + i].revents;
      const bool open_still = events == 0 || discard_available(refused[i].fd);
      if (!open_still || after_poll >= refused[i].until) {
        ::close(refused[i].fd);
        refused.erase(refused.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    if (fds[2].fd >= 0 && fds[2].revents != 0) accept_pending(refused, paused_until);
  }
  for (const Refused& entry : refused) ::close(entry.fd);
}

void Server::State::accept_pending(std::vector<Refused>& refused, Clock::time_point& paused_until) {
  while (true) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&address), &length,
                             SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) paused_until = Clock::now() + kAcceptBackoff;
      return;
    }
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (open.load() >= options.max_connections || !launch(fd, address_text(address))) {
      refuse(fd, refused);
    }
  }
}

void Server::State::refuse(int fd, std::vector<Refused>& refused) {
  static const std::string answer =
      error_answer(503, "The server has too many connections open; retry shortly.", "server_error",
                   {{"Retry-After", "1"}});
  // The answer is small enough for an empty socket buffer; a client that
  // cannot take it at once loses it rather than stalling the accept loop.
  discard_available(fd);
  ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(fd, SHUT_WR);
  if (refused.size() < kMaxRefusedLingering) {
    refused.push_back({fd, Clock::now() + kRefusedLinger});
  } else {
    ::close(fd);
  }
}

bool Server::State::launch(int fd, std::string remote_address) {
  const std::lock_guard lock(mutex);
  Connection& connection = connections.emplace_back();
  connection.fd = fd;
  open.fetch_add(1);
  try {
    connection.thread = std::thread([this, &connection, remote = std::move(remote_address)] {
      run_connection(connection, remote);
    });
  } catch (const std::system_error&) {
    connections.pop_back();
    open.fetch_sub(1);
    return false;
  }
  return true;
}

void Server::State::run_connection(Connection& connection, const std::string& remote_address) {
  try {
    serve_connection({options, handler, stopping, stop_fd}, connection.fd, remote_address);
  } catch (const std::exception&) {
    // Out of memory or a thread error: the connection ends; the server goes on.
  }
  {
    const std::lock_guard lock(mutex);
    ::close(connection.fd);
    connection.fd = -1;
    connection.finished = true;
    open.fetch_sub(1);
  }
  connection_ended.notify_all();
  signal_eventfd(reap_fd);
}

void Server::State::reap() {
  std::vector<std::thread> finished;
  {
    const std::lock_guard lock(mutex);
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->finished) {
        finished.push_back(std::move(it->thread));
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (std::thread& thread : finished) thread.join();
}

Server::Server(ServerOptions options, Handler handler) : state_(std::make_unique<State>()) {
  State& state = *state_;
  state.options = std::move(options);
  state.handler = std::move(handler);
  if (!state.handler) raise(ErrorKind::invalid_argument, "HTTP server needs a handler");
  const std::string& host = state.options.host;
  socklen_t length = 0;
  const sockaddr_storage address = resolve_host(host, state.options.port, length);

  state.listen_fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (state.listen_fd < 0) {
    raise(ErrorKind::io, "cannot open a socket for {}: {}", host, system_message(errno));
  }
  const int on = 1;
  ::setsockopt(state.listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (::bind(state.listen_fd, reinterpret_cast<const sockaddr*>(&address), length) != 0) {
    raise(ErrorKind::io, "cannot bind HTTP server to {} port {}: {}", host, state.options.port,
          system_message(errno));
  }
  if (::listen(state.listen_fd, SOMAXCONN) != 0) {
    raise(ErrorKind::io, "cannot listen on {} port {}: {}", host, state.options.port,
          system_message(errno));
  }
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  if (::getsockname(state.listen_fd, reinterpret_cast<sockaddr*>(&bound), &bound_length) != 0) {
    raise(ErrorKind::io, "cannot read the port bound on {}: {}", host, system_message(errno));
  }
  state.port =
      ntohs(bound.ss_family == AF_INET ? reinterpret_cast<const sockaddr_in*>(&bound)->sin_port
                                       : reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port);

  state.stop_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  state.reap_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (state.stop_fd < 0 || state.reap_fd < 0) {
    raise(ErrorKind::io, "cannot create the HTTP server's event descriptors: {}",
          system_message(errno));
  }
}

Server::~Server() {
  stop();
}

std::uint16_t Server::port() const noexcept {
  return state_->port;
}

const ServerOptions& Server::options() const noexcept {
  return state_->options;
}

std::size_t Server::open_connections() const noexcept {
  return state_->open.load();
}

void Server::start() {
  State& state = *state_;
  const std::lock_guard lock(state.lifecycle_mutex);
  if (state.started || state.stopped) return;
  state.acceptor = std::thread([&state] { state.accept_loop(); });
  state.started = true;
}

void Server::stop(std::chrono::milliseconds grace) {
  State& state = *state_;
  const std::lock_guard lifecycle_lock(state.lifecycle_mutex);
  if (state.stopped) return;
  state.stopped = true;
  const auto deadline = deadline_after(grace);

  // Wakes the accept loop and every connection waiting between requests.
  state.stopping.store(true);
  signal_eventfd(state.stop_fd);
  if (state.acceptor.joinable()) state.acceptor.join();
  ::close(state.listen_fd);
  state.listen_fd = -1;

  std::vector<std::thread> threads;
  {
    std::unique_lock lock(state.mutex);
    const auto all_ended = [&] { return state.open.load() == 0; };
    if (deadline == Clock::time_point::max()) {
      state.connection_ended.wait(lock, all_ended);
    } else {
      state.connection_ended.wait_until(lock, deadline, all_ended);
    }
    // Past the grace period: a handler still writing fails, one reading
    // the client sees it gone, a request still arriving is cut off.
    for (State::Connection& connection : state.connections) {
      if (connection.fd >= 0) ::shutdown(connection.fd, SHUT_RDWR);
      threads.push_back(std::move(connection.thread));
    }
  }
  for (std::thread& thread : threads) {
    if (thread.joinable()) thread.join();
  }
  // Only now: each thread marks its own entry as it ends.
  const std::lock_guard lock(state.mutex);
  state.connections.clear();
}

}  // namespace hearth::http
