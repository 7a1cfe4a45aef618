#include "fake_hub.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "hearth/hub/sha256.h"

namespace hearth::testing {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const std::size_t slash = path.find('/');
    parts.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::size_t from) {
  std::string joined;
  for (std::size_t i = from; i < parts.size(); ++i) {
    if (i > from) joined += '/';
    joined += parts[i];
  }
  return joined;
}

http::Response error_response(int status, std::string_view code, std::string_view message) {
  http::Response response;
  response.status = status;
  if (!code.empty()) response.headers.push_back({"X-Error-Code", std::string(code)});
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = nlohmann::json{{"error", message}}.dump();
  return response;
}

std::optional<std::size_t> range_start(const std::optional<std::string_view>& range) {
  if (!range || !range->starts_with("bytes=")) return std::nullopt;
  return std::stoull(std::string(range->substr(6)));
}

}  // namespace

struct FakeHub::State {
  mutable std::mutex mutex;
  std::vector<std::pair<std::string, std::vector<FakeFile>>> repos;
  std::vector<RecordedRequest> requests;
  std::optional<std::size_t> drop_after;
  std::chrono::milliseconds pause{0};
  bool ignore_ranges = false;
  std::optional<std::string> token;
  std::size_t page_size = 1000;
  std::uint16_t port = 0;

  const std::vector<FakeFile>* find_repo(const std::string& id) const {
    for (const auto& [repo, files] : repos) {
      if (repo == id) return &files;
    }
    return nullptr;
  }
};

FakeHub::FakeHub() : state_(std::make_unique<State>()) {
  server_ = std::make_unique<http::Server>(
      http::ServerOptions{}, [this](const http::Request& request, http::Exchange& exchange) {
        handle(request, exchange);
      });
  state_->port = server_->port();
  server_->start();
}

FakeHub::~FakeHub() {
  server_->stop(std::chrono::milliseconds(1000));
}

std::string FakeHub::endpoint() const {
  return fmt::format("http://127.0.0.1:{}", port());
}
std::uint16_t FakeHub::port() const {
  return state_->port;
}

void FakeHub::add_repo(const std::string& id, std::vector<FakeFile> files) {
  const std::lock_guard lock(state_->mutex);
  state_->repos.emplace_back(id, std::move(files));
}

void FakeHub::drop_first_download_after(std::size_t bytes) {
  const std::lock_guard lock(state_->mutex);
  state_->drop_after = bytes;
}

void FakeHub::send_slowly(std::chrono::milliseconds pause) {
  const std::lock_guard lock(state_->mutex);
  state_->pause = pause;
}

void FakeHub::ignore_ranges() {
  const std::lock_guard lock(state_->mutex);
  state_->ignore_ranges = true;
}

void FakeHub::require_token(const std::string& token) {
  const std::lock_guard lock(state_->mutex);
  state_->token = token;
}

void FakeHub::set_page_size(std::size_t entries) {
  const std::lock_guard lock(state_->mutex);
  state_->page_size = entries;
}

std::vector<RecordedRequest> FakeHub::requests() const {
  const std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::vector<RecordedRequest> FakeHub::downloads() const {
  std::vector<RecordedRequest> result;
  for (RecordedRequest& request : requests()) {
    if (request.path.starts_with("/cdn/")) result.push_back(std::move(request));
  }
  return result;
}

void FakeHub::handle(const http::Request& request, http::Exchange& exchange) {
  std::optional<std::string> token;
  {
    const std::lock_guard lock(state_->mutex);
    RecordedRequest recorded{request.method, request.path, std::nullopt, std::nullopt};
    if (auto range = request.header("Range")) recorded.range = std::string(*range);
    if (auto authorization = request.header("Authorization")) {
      recorded.authorization = std::string(*authorization);
    }
    state_->requests.push_back(std::move(recorded));
    token = state_->token;
  }
  if (request.path.starts_with("/cdn/")) return serve_file(request, exchange);
  if (token && request.header("Authorization") != "Bearer " + *token) {
    exchange.respond(error_response(401, "", "Invalid credentials in Authorization header"));
    return;
  }
  if (request.path.starts_with("/api/models/")) return serve_tree(request, exchange);
  if (request.path.find("/resolve/") != std::string::npos) return serve_resolve(request, exchange);
  exchange.respond(error_response(404, "", "no such route"));
}

void FakeHub::serve_tree(const http::Request& request, http::Exchange& exchange) {
  // /api/models/{owner}/{repo}/tree/{revision}
  const std::vector<std::string> parts = split_path(request.path);
  if (parts.size() < 6 || parts[4] != "tree") {
    exchange.respond(error_response(404, "", "bad API path"));
    return;
  }
  const std::string repo = parts[2] + "/" + parts[3];
  const std::string revision = join(parts, 5);
  std::size_t cursor = 0;
  if (const std::size_t at = request.query.find("cursor="); at != std::string::npos) {
    cursor = std::stoull(request.query.substr(at + 7));
  }

  const std::lock_guard lock(state_->mutex);
  const std::vector<FakeFile>* files = state_->find_repo(repo);
  if (files == nullptr) {
    exchange.respond(error_response(404, "RepoNotFound", "Repository not found"));
    return;
  }
  if (revision != "main" && revision != "v1") {
    exchange.respond(error_response(404, "RevisionNotFound", "Invalid rev id"));
    return;
  }
  nlohmann::json entries = nlohmann::json::array();
  entries.push_back(
      {{"type", "directory"}, {"oid", std::string(40, '0')}, {"size", 0}, {"path", "folder"}});
  for (const FakeFile& file : *files) {
    nlohmann::json entry = {{"type", "file"},
                            {"oid", std::string(40, 'a')},
                            {"size", file.content.size()},
                            {"path", file.path}};
    if (file.hash != FakeFile::Hash::none) {
      std::string sha = sha256_hex(file.content);
      if (file.hash == FakeFile::Hash::wrong) sha = sha256_hex(file.content + "tampered");
      entry["lfs"] = {{"oid", sha}, {"size", file.content.size()}, {"pointerSize", 134}};
    }
    entries.push_back(std::move(entry));
  }
  http::Response response;
  response.headers.push_back({"Content-Type", "application/json"});
  nlohmann::json page = nlohmann::json::array();
  for (std::size_t i = cursor; i < entries.size() && i < cursor + state_->page_size; ++i) {
    page.push_back(entries[i]);
  }
  if (cursor + state_->page_size < entries.size()) {
    response.headers.push_back(
        {"Link", fmt::format("<http://127.0.0.1:{}/api/models/{}/tree/{}?recursive=true&cursor={}>"
                             "; rel=\"next\"",
                             state_->port, repo, revision, cursor + state_->page_size)});
  }
  response.body = page.dump();
  exchange.respond(response);
}

void FakeHub::serve_resolve(const http::Request& request, http::Exchange& exchange) {
  // /{owner}/{repo}/resolve/{revision}/{path}
  const std::vector<std::string> parts = split_path(request.path);
  if (parts.size() < 5 || parts[2] != "resolve") {
    exchange.respond(error_response(404, "", "bad resolve path"));
    return;
  }
  const std::string repo = parts[0] + "/" + parts[1];
  const std::string file_path = join(parts, 4);
  const std::lock_guard lock(state_->mutex);
  const std::vector<FakeFile>* files = state_->find_repo(repo);
  if (files == nullptr) {
    exchange.respond(error_response(404, "RepoNotFound", "Repository not found"));
    return;
  }
  for (const FakeFile& file : *files) {
    if (file.path != file_path) continue;
    // Like the hub: LFS files redirect to a content server, and the
    // redirect says the size and hash of what it leads to.
    http::Response response;
    response.status = 302;
    response.headers.push_back(
        {"Location", fmt::format("http://127.0.0.1:{}/cdn/{}/{}", state_->port, repo, file.path)});
    response.headers.push_back({"X-Linked-Size", std::to_string(file.content.size())});
    response.headers.push_back({"X-Linked-Etag", fmt::format("\"{}\"", sha256_hex(file.content))});
    exchange.respond(response);
    return;
  }
  exchange.respond(error_response(404, "EntryNotFound", "Entry not found"));
}

void FakeHub::serve_file(const http::Request& request, http::Exchange& exchange) {
  // /cdn/{owner}/{repo}/{path}
  const std::vector<std::string> parts = split_path(request.path);
  std::string content;
  std::optional<std::size_t> drop_after;
  std::chrono::milliseconds pause{0};
  bool ignore_ranges = false;
  {
    const std::lock_guard lock(state_->mutex);
    const std::vector<FakeFile>* files =
        parts.size() >= 4 ? state_->find_repo(parts[1] + "/" + parts[2]) : nullptr;
    const std::string file_path = join(parts, 3);
    for (std::size_t i = 0; files != nullptr && i < files->size(); ++i) {
      if ((*files)[i].path == file_path) content = (*files)[i].content;
    }
    if (files == nullptr) {
      exchange.respond(error_response(404, "", "no such object"));
      return;
    }
    drop_after = std::exchange(state_->drop_after, std::nullopt);
    pause = state_->pause;
    ignore_ranges = state_->ignore_ranges;
  }

  int status = 200;
  std::vector<http::Header> headers = {{"Content-Type", "application/octet-stream"},
                                       {"Accept-Ranges", "bytes"}};
  std::size_t start = 0;
  if (const std::optional<std::size_t> from = range_start(request.header("Range"));
      from && !ignore_ranges) {
    if (*from >= content.size()) {
      http::Response response;
      response.status = 416;
      response.headers.push_back({"Content-Range", fmt::format("bytes */{}", content.size())});
      exchange.respond(response);
      return;
    }
    status = 206;
    start = *from;
    headers.push_back({"Content-Range",
                       fmt::format("bytes {}-{}/{}", start, content.size() - 1, content.size())});
  }
  const std::string_view body = std::string_view(content).substr(start);

  if (!drop_after && pause.count() == 0) {
    exchange.respond(http::Response{status, headers, std::string(body)});
    return;
  }
  if (!exchange.start_stream(status, headers)) return;
  constexpr std::size_t kPiece = 16 * 1024;
  const std::size_t limit = drop_after ? std::min(*drop_after, body.size()) : body.size();
  for (std::size_t sent = 0; sent < limit; sent += kPiece) {
    if (!exchange.write(body.substr(sent, std::min(kPiece, limit - sent)))) return;
    if (pause.count() > 0) std::this_thread::sleep_for(pause);
  }
  // An exception after start_stream makes the server cut the connection
  // instead of ending the body: the client sees the transfer break off.
  if (drop_after) throw std::runtime_error("connection dropped on purpose");
  exchange.finish();
}

std::string sha256_hex(const std::string& content) {
  hub::Sha256 hash;
  hash.update(std::as_bytes(std::span(content)));
  return hash.hex_digest();
}

std::string pseudo_random_content(std::size_t size, std::uint32_t seed) {
  std::mt19937 generator(seed);
  std::string content(size, '\0');
  for (char& c : content) c = static_cast<char>(generator() & 0xff);
  return content;
}

}  // namespace hearth::testing
