// A raw loopback connection for the server tests that send bytes curl would
// not, or read answers byte for byte.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hearth/http/server.h"
#include "http_client.h"

namespace hearth::http {

inline std::string base_url(const Server& server) {
  return "http://127.0.0.1:" + std::to_string(server.port());
}

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(testing::connect_loopback(port)) {}
  ~RawConnection() { close(); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  bool send(std::string_view bytes) { return testing::send_raw(fd_, bytes); }

  // Everything until the server closes (what read_response left included).
  std::string read_until_close(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    std::string bytes = std::move(pending_);
    pending_.clear();
    return bytes + testing::read_until_close(fd_, timeout, closed);
  }

  // One answer: its head and, when it has a Content-Length, that many body
  // bytes. Whatever follows stays for the next call. Empty when nothing
  // complete arrived in time.
  std::string read_response(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const std::size_t head_end = pending_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const std::size_t total = head_end + 4 + content_length(pending_.substr(0, head_end));
        if (pending_.size() >= total) {
          std::string response = pending_.substr(0, total);
          pending_.erase(0, total);
          return response;
        }
      }
      if (!receive(deadline)) return {};
    }
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  static std::size_t content_length(std::string_view head) {
    std::string lower(head);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return std::stoul(lower.substr(at + 17));
  }

  bool receive(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd readable{fd_, POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) return false;
    std::array<char, 16 * 1024> buffer;
    const ssize_t count = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (count <= 0) return false;
    pending_.append(buffer.data(), static_cast<std::size_t>(count));
    return true;
  }

  int fd_;
  std::string pending_;
};

}  // namespace hearth::http
