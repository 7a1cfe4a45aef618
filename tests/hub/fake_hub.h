// A stand-in for the Hugging Face hub on loopback: the tree API, resolve
// URLs that redirect to a "CDN" path as the real hub does, Range requests,
// and the ways downloads go wrong (a dropped connection, a wrong published
// hash, missing repositories, refused access, a server that ignores Range).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hearth/http/server.h"

namespace hearth::testing {

struct FakeFile {
  std::string path;
  std::string content;
  enum class Hash { published, wrong, none } hash = Hash::published;
};

struct RecordedRequest {
  std::string method;
  std::string path;
  std::optional<std::string> range;
  std::optional<std::string> authorization;
};

class FakeHub {
 public:
  FakeHub();
  ~FakeHub();

  // "http://127.0.0.1:PORT", what HF_ENDPOINT is set to.
  std::string endpoint() const;
  std::uint16_t port() const;

  // Repositories answer at revisions "main" and "v1" (the same files).
  void add_repo(const std::string& id, std::vector<FakeFile> files);
  // The first file download sends this many bytes, then drops the connection.
  void drop_first_download_after(std::size_t bytes);
  // File bodies go out in pieces of 16 KiB with this pause between them.
  void send_slowly(std::chrono::milliseconds pause);
  // Downloads answer 200 with the whole file even when asked for a range.
  void ignore_ranges();
  // Every API and resolve request without "Authorization: Bearer TOKEN" gets 401.
  void require_token(const std::string& token);
  // The tree API answers this many entries per page, linking to the next.
  void set_page_size(std::size_t entries);

  std::vector<RecordedRequest> requests() const;
  // Requests for file bodies (the CDN path), in order.
  std::vector<RecordedRequest> downloads() const;

 private:
  struct State;
  void handle(const http::Request& request, http::Exchange& exchange);
  void serve_tree(const http::Request& request, http::Exchange& exchange);
  void serve_resolve(const http::Request& request, http::Exchange& exchange);
  void serve_file(const http::Request& request, http::Exchange& exchange);

  std::unique_ptr<State> state_;
  std::unique_ptr<http::Server> server_;
};

// The SHA-256 of `content` as the hub writes it (lower-case hex).
std::string sha256_hex(const std::string& content);

// Bytes that do not repeat in any short period, so a misplaced range shows.
std::string pseudo_random_content(std::size_t size, std::uint32_t seed);

}  // namespace hearth::testing
