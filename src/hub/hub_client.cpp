#include "hearth/hub/hub_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "curl_transfer.h"
#include "hearth/util/error.h"
#include "hub_errors.h"
#include "listing_page.h"

namespace hearth::hub {
namespace {

// A listing is a few hundred bytes per file; this bounds a broken server.
constexpr std::size_t kMaxListingBytes = 64u << 20;
// The API answers quickly or not at all; downloads have their own limits.
constexpr long kApiTimeoutSeconds = 60;
constexpr long kConnectTimeoutSeconds = 30;
// A repository with more files than this many pages is not a model repository.
constexpr int kMaxPages = 1000;

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

bool is_unreserved(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

std::string percent_encode(std::string_view text, bool keep_slashes) {
  std::string encoded;
  for (const char c : text) {
    if (is_unreserved(c) || (keep_slashes && c == '/')) {
      encoded += c;
    } else {
      encoded += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return encoded;
}

// The URL of the next page from a Link header ('<url>; rel="next"'), if any.
std::optional<std::string> next_page(const std::optional<std::string>& link) {
  if (!link) return std::nullopt;
  std::string_view rest = *link;
  while (!rest.empty()) {
    const std::size_t open = rest.find('<');
    const std::size_t close = rest.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) break;
    const std::string_view url = rest.substr(open + 1, close - open - 1);
    const std::size_t end = rest.find(',', close);
    const std::string_view parameters = rest.substr(close + 1, end - close - 1);
    if (parameters.find("rel=\"next\"") != std::string_view::npos ||
        parameters.find("rel=next") != std::string_view::npos) {
      return std::string(url);
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

extern "C" std::size_t on_listing_body(char* data, std::size_t size, std::size_t count,
                                       void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * count > kMaxListingBytes) return 0;
  body->append(data, size * count);
  return size * count;
}

}  // namespace

HubSettings hub_settings_from_environment() {
  HubSettings settings;
  if (std::optional<std::string> endpoint = environment("HF_ENDPOINT")) {
    while (!endpoint->empty() && endpoint->back() == '/') endpoint->pop_back();
    if (!endpoint->empty()) settings.endpoint = std::move(*endpoint);
  }
  settings.token = environment("HF_TOKEN");
  return settings;
}

std::vector<RepoFile> list_repo_files(const HubSettings& settings, const RepoTarget& target) {
  check_repo_id(target.repo);
  std::string url =
      fmt::format("{}/api/models/{}/tree/{}?recursive=true", settings.endpoint,
                  percent_encode(target.repo, true), percent_encode(target.revision, false));
  std::vector<RepoFile> files;
  for (int page = 0; page < kMaxPages; ++page) {
    detail::CurlTransfer transfer(url, settings.token, kConnectTimeoutSeconds);
    std::string body;
    curl_easy_setopt(transfer.handle(), CURLOPT_TIMEOUT, kApiTimeoutSeconds);
    curl_easy_setopt(transfer.handle(), CURLOPT_WRITEFUNCTION, on_listing_body);
    curl_easy_setopt(transfer.handle(), CURLOPT_WRITEDATA, &body);
    transfer.add_header("Accept: application/json");
    const CURLcode code = transfer.perform();
    if (code == CURLE_WRITE_ERROR) {
      raise(ErrorKind::resource_exhausted, "the file listing from {} is larger than {} MiB", url,
            kMaxListingBytes >> 20);
    }
    if (code != CURLE_OK) detail::raise_transfer_error(transfer, code);
    if (transfer.response().status() != 200) {
      detail::raise_hub_error(transfer.response(), url, settings, target, std::nullopt);
    }
    detail::parse_listing_page(body, url, files);
    std::optional<std::string> next = next_page(transfer.response().find("Link"));
    if (!next) return files;
    url = std::move(*next);
  }
  raise(ErrorKind::resource_exhausted, "the file listing of {} has more than {} pages", target.repo,
        kMaxPages);
}

std::string file_url(const HubSettings& settings, const RepoTarget& target,
                     std::string_view file_path) {
  return fmt::format("{}/{}/resolve/{}/{}", settings.endpoint, percent_encode(target.repo, true),
                     percent_encode(target.revision, false), percent_encode(file_path, true));
}

void check_repo_id(std::string_view repo) {
  const std::size_t slash = repo.find('/');
  const auto valid_part = [](std::string_view part) {
    return !part.empty() && part != "." && part != ".." && part.size() <= 96 &&
           std::all_of(part.begin(), part.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
           });
  };
  if (slash == std::string_view::npos || !valid_part(repo.substr(0, slash)) ||
      !valid_part(repo.substr(slash + 1))) {
    raise(
        ErrorKind::invalid_argument,
        "'{}' is not a repository name: expected OWNER/REPO, e.g. Qwen/Qwen2.5-0.5B-Instruct-GGUF",
        repo);
  }
}

void check_repo_file_path(std::string_view path) {
  bool valid = !path.empty() && path.front() != '/' && path.find('\0') == std::string_view::npos &&
               path.find('\\') == std::string_view::npos;
  std::string_view rest = path;
  while (valid) {
    const std::size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    valid = !part.empty() && part != "." && part != "..";
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (!valid) raise(ErrorKind::invalid_argument, "'{}' is not a file path in a repository", path);
}

}  // namespace hearth::hub
