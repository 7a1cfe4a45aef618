// Non-blocking socket reads and writes with deadlines, for the connection
// threads. Every wait is a poll(), so a stalled peer costs a thread its time
// limit and nothing more; every send passes MSG_NOSIGNAL, so a peer that has
// gone raises no SIGPIPE.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>

namespace hearth::http {

using Clock = std::chrono::steady_clock;

// now + timeout, or Clock::time_point::max() for a timeout too long to add
// (a caller's way of saying "no limit").
Clock::time_point deadline_after(std::chrono::milliseconds timeout) noexcept;

enum class ReadResult {
  data,       // bytes were appended
  closed,     // the peer closed its side
  timed_out,  // the deadline passed first
  woken,      // wake_fd became readable first
  failed,     // the socket reported an error
};

// Waits until `fd` has bytes, `deadline` passes, or wake_fd (when not -1)
// becomes readable; then appends what arrived to `buffer`.
ReadResult read_some(int fd, std::string& buffer, Clock::time_point deadline, int wake_fd);

// Sends every byte of `pieces` in order. A wait for the socket to take more
// that lasts `timeout` without progress fails. False when the peer is gone or
// too slow.
bool send_all(int fd, std::initializer_list<std::string_view> pieces,
              std::chrono::milliseconds timeout);

// Whether the peer has closed, half-closed or reset the connection, checked
// without blocking. Bytes waiting to be read (a pipelined request) do not
// count as gone.
bool peer_gone(int fd) noexcept;

// Ends a connection after a final answer: half-closes it, then reads and
// drops what the client still sends until it closes, a short time passes or
// wake_fd is readable. Closing a socket with unread bytes makes the kernel
// send a reset, which can destroy the answer before the client reads it.
// The caller still closes `fd`.
void linger_close(int fd, int wake_fd) noexcept;

// "127.0.0.1" or "::1"; an IPv4-mapped IPv6 address as IPv4.
std::string address_text(const sockaddr_storage& address);

}  // namespace hearth::http
