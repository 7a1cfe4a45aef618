#include "http_client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <mutex>
#include <stdexcept>

namespace hearth::testing {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpResult* result = nullptr;
  const std::function<bool(std::string_view)>* on_data = nullptr;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new status line: 100 Continue's headers (if any) are not the answer's.
    transfer.result->headers.clear();
  } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    transfer.result->headers.push_back(
        {std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view piece(data, size * count);
  if (transfer.on_data != nullptr) {
    return (*transfer.on_data)(piece) ? piece.size() : 0;
  }
  transfer.result->body.append(piece);
  return piece.size();
}

}  // namespace

struct HttpClient::Curl {
  CURL* handle = nullptr;
};

HttpClient::HttpClient() : curl_(std::make_unique<Curl>()) {
  global_init();
  curl_->handle = curl_easy_init();
  if (curl_->handle == nullptr) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(curl_->handle);
}

HttpResult HttpClient::request(const std::string& method, const std::string& url,
                               const std::string& body, const std::vector<http::Header>& headers,
                               std::chrono::milliseconds timeout) {
  return stream(method, url, body, headers, nullptr, timeout);
}

HttpResult HttpClient::stream(const std::string& method, const std::string& url,
                              const std::string& body, const std::vector<http::Header>& headers,
                              const std::function<bool(std::string_view)>& on_data,
                              std::chrono::milliseconds timeout) {
  CURL* curl = curl_->handle;
  // Options go back to their defaults; the connection cache stays.
  curl_easy_reset(curl);
  HttpResult result;
  Transfer transfer{&result, on_data ? &on_data : nullptr};
  std::array<char, CURL_ERROR_SIZE> error{};

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (method == "GET" && body.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_slist* header_list = nullptr;
  for (const http::Header& header : headers) {
    // "Name:" is curl's way to drop a header it would send itself.
    const std::string line =
        header.value.empty() ? header.name + ":" : header.name + ": " + header.value;
    header_list = curl_slist_append(header_list, line.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);

  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(header_list);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &last_new_connections_);
  if (code != CURLE_OK) {
    result.error = error[0] != '\0' ? std::string(error.data()) : curl_easy_strerror(code);
  }
  return result;
}

HttpResult http_request(const std::string& method, const std::string& url, const std::string& body,
                        const std::vector<http::Header>& headers,
                        std::chrono::milliseconds timeout) {
  HttpClient client;
  return client.request(method, url, body, headers, timeout);
}

HttpResult http_stream(const std::string& method, const std::string& url, const std::string& body,
                       const std::vector<http::Header>& headers,
                       const std::function<bool(std::string_view)>& on_data,
                       std::chrono::milliseconds timeout) {
  HttpClient client;
  return client.stream(method, url, body, headers, on_data, timeout);
}

int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_raw(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::string read_until_close(int fd, std::chrono::milliseconds timeout, bool* closed) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string received;
  std::array<char, 16 * 1024> buffer;
  if (closed != nullptr) *closed = false;
  while (true) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return received;
    pollfd readable{fd, POLLIN, 0};
    const int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return received;
    const ssize_t count = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      if (closed != nullptr) *closed = true;
      return received;
    }
    received.append(buffer.data(), static_cast<std::size_t>(count));
  }
}

std::string raw_exchange(std::uint16_t port, std::string_view bytes,
                         std::chrono::milliseconds timeout) {
  const int fd = connect_loopback(port);
  if (fd < 0) return {};
  std::string reply;
  if (send_raw(fd, bytes)) reply = read_until_close(fd, timeout);
  ::close(fd);
  return reply;
}

}  // namespace hearth::testing
