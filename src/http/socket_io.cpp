#include "socket_io.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <vector>

namespace hearth::http {
namespace {

constexpr std::size_t kReadBytes = 32 * 1024;
// How long linger_close waits for the client to close after the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);

// poll()'s timeout for `deadline`, rounded up so the wait does not end early.
int poll_timeout(Clock::time_point deadline) {
  const auto left = deadline - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  const auto milliseconds = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(milliseconds, 1'000'000));
}

enum class Wait { ready, timed_out, woken, failed };

Wait wait_readable(int fd, Clock::time_point deadline, int wake_fd) {
  while (true) {
    std::array<pollfd, 2> fds{{{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}}};
    const nfds_t count = wake_fd >= 0 ? 2 : 1;
    const int ready = ::poll(fds.data(), count, poll_timeout(deadline));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Wait::failed;
    }
    if (count == 2 && (fds[1].revents & POLLIN) != 0) return Wait::woken;
    if (fds[0].revents != 0) return Wait::ready;
    if (Clock::now() >= deadline) return Wait::timed_out;
  }
}

}  // namespace

Clock::time_point deadline_after(std::chrono::milliseconds timeout) noexcept {
  const auto now = Clock::now();
  const auto room =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::time_point::max() - now);
  return timeout >= room ? Clock::time_point::max() : now + timeout;
}

ReadResult read_some(int fd, std::string& buffer, Clock::time_point deadline, int wake_fd) {
  std::array<char, kReadBytes> scratch;
  while (true) {
    switch (wait_readable(fd, deadline, wake_fd)) {
      case Wait::timed_out:
        return ReadResult::timed_out;
      case Wait::woken:
        return ReadResult::woken;
      case Wait::failed:
        return ReadResult::failed;
      case Wait::ready:
        break;
    }
    const ssize_t received = ::recv(fd, scratch.data(), scratch.size(), 0);
    if (received > 0) {
      buffer.append(scratch.data(), static_cast<std::size_t>(received));
      return ReadResult::data;
    }
    if (received == 0) return ReadResult::closed;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return ReadResult::failed;
  }
}

bool send_all(int fd, std::initializer_list<std::string_view> pieces,
              std::chrono::milliseconds timeout) {
  std::vector<iovec> vectors;
  vectors.reserve(pieces.size());
  for (const std::string_view piece : pieces) {
    if (!piece.empty()) vectors.push_back({const_cast<char*>(piece.data()), piece.size()});
  }
  std::size_t next = 0;
  while (next < vectors.size()) {
    msghdr message{};
    message.msg_iov = vectors.data() + next;
    message.msg_iovlen = vectors.size() - next;
    const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
      const auto deadline = deadline_after(timeout);
      while (true) {
        pollfd writable{fd, POLLOUT, 0};
        const int ready = ::poll(&writable, 1, poll_timeout(deadline));
        if (ready > 0) break;
        if (ready < 0 && errno != EINTR) return false;
        if (ready == 0 && Clock::now() >= deadline) return false;
      }
      continue;
    }
    auto left = static_cast<std::size_t>(sent);
    while (next < vectors.size() && left >= vectors[next].iov_len) {
      left -= vectors[next].iov_len;
      ++next;
    }
    if (left > 0) {
      vectors[next].iov_base = static_cast<char*>(vectors[next].iov_base) + left;
      vectors[next].iov_len -= left;
    }
  }
  return true;
}

bool peer_gone(int fd) noexcept {
  pollfd status{fd, POLLIN | POLLRDHUP, 0};
  int ready = 0;
  do {
    ready = ::poll(&status, 1, 0);
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) return true;
  if ((status.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0) return true;
  if ((status.revents & POLLIN) == 0) return false;
  char byte = 0;
  const ssize_t peeked = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (peeked > 0) return false;
  if (peeked == 0) return true;
  return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

void linger_close(int fd, int wake_fd) noexcept {
  if (::shutdown(fd, SHUT_WR) != 0) return;
  const auto deadline = Clock::now() + kLingerTime;
  std::array<char, kReadBytes> scratch;
  while (true) {
    if (wait_readable(fd, deadline, wake_fd) != Wait::ready) return;
    const ssize_t received = ::recv(fd, scratch.data(), scratch.size(), 0);
    if (received == 0) return;
    if (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return;
  }
}

std::string address_text(const sockaddr_storage& address) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  const void* raw = nullptr;
  if (address.ss_family == AF_INET) {
    raw = &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr;
  } else if (address.ss_family == AF_INET6) {
    const in6_addr& ipv6 = reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&ipv6)) {
      // A dual-stack listener's IPv4 client.
      if (::inet_ntop(AF_INET, ipv6.s6_addr + 12, text.data(), text.size()) == nullptr) return {};
      return text.data();
    }
    raw = &ipv6;
  } else {
    return {};
  }
  if (::inet_ntop(address.ss_family, raw, text.data(), text.size()) == nullptr) return {};
  return text.data();
}

}  // namespace hearth::http
