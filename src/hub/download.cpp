#include "hearth/hub/download.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "curl_transfer.h"
#include "hearth/util/error.h"
#include "hub_errors.h"
#include "part_file.h"
#include "size_text.h"

namespace hearth::hub {
namespace {

using detail::CurlTransfer;
using detail::PartFile;
using detail::size_text;

constexpr std::chrono::milliseconds kMaxRetryDelay{30'000};

// What one request's body turned out to be, decided on its first bytes.
enum class Body {
  undecided,
  file_bytes,    // 200 or a 206 that starts where the .part ends
  wrong_range,   // a 206 for other bytes than asked for
  too_long,      // more bytes than the published size
  error_answer,  // not a success: the status says enough, the body is dropped
};

// The state libcurl's callbacks share during one request. They must not
// throw through libcurl, so failures are recorded here and raised after.
struct Attempt {
  const DownloadTarget* target = nullptr;
  const DownloadEvents* events = nullptr;
  std::stop_token stop;
  CurlTransfer* transfer = nullptr;
  PartFile* part = nullptr;
  Sha256* hash = nullptr;
  std::uint64_t* file_bytes = nullptr;  // bytes in the .part, all of them hashed
  std::uint64_t offset = 0;             // where this request's Range starts
  std::uint64_t received = 0;           // bytes this request added to the .part
  bool restarted = false;               // a 200 answered a Range request
  Body body = Body::undecided;
  int write_error = 0;
};

// "bytes 100-199/200" → 100.
std::optional<std::uint64_t> content_range_start(const std::optional<std::string>& header) {
  if (!header) return std::nullopt;
  std::string_view text = *header;
  if (!text.starts_with("bytes ")) return std::nullopt;
  text.remove_prefix(6);
  std::uint64_t start = 0;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    start = start * 10 + static_cast<std::uint64_t>(text[digits] - '0');
    ++digits;
  }
  if (digits == 0 || digits >= text.size() || text[digits] != '-') return std::nullopt;
  return start;
}

Body decide_body(Attempt& attempt) {
  const long status = attempt.transfer->response().status();
  if (status == 206) {
    const std::optional<std::uint64_t> start =
        content_range_start(attempt.transfer->response().find("Content-Range"));
    return start == attempt.offset ? Body::file_bytes : Body::wrong_range;
  }
  if (status != 200) return Body::error_answer;
  if (attempt.offset > 0) {
    // The server ignored the Range: the body is the whole file again.
    try {
      attempt.part->truncate();
    } catch (const Error&) {
      attempt.write_error = errno;
      return Body::undecided;
    }
    attempt.hash->reset();
    *attempt.file_bytes = 0;
    attempt.restarted = true;
  }
  return Body::file_bytes;
}

extern "C" std::size_t on_download_body(char* data, std::size_t size, std::size_t count,
                                        void* user) {
  auto& attempt = *static_cast<Attempt*>(user);
  const std::size_t length = size * count;
  if (attempt.body == Body::undecided) attempt.body = decide_body(attempt);
  switch (attempt.body) {
    case Body::error_answer:
      return length;
    case Body::file_bytes:
      break;
    default:
      return 0;  // ends the transfer with CURLE_WRITE_ERROR
  }
  if (*attempt.file_bytes + length > attempt.target->size) {
    attempt.body = Body::too_long;
    return 0;
  }
  const std::span bytes(reinterpret_cast<const std::byte*>(data), length);
  if (!attempt.part->write(bytes)) {
    attempt.write_error = errno;
    return 0;
  }
  attempt.hash->update(bytes);
  *attempt.file_bytes += length;
  attempt.received += length;
  return length;
}

extern "C" int on_download_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto& attempt = *static_cast<Attempt*>(user);
  if (attempt.stop.stop_requested()) return 1;  // ends the transfer with ABORTED_BY_CALLBACK
  if (attempt.events->progress) {
    try {
      attempt.events->progress({*attempt.file_bytes, attempt.target->size});
    } catch (...) {
      return 1;
    }
  }
  return 0;
}

void notify(const DownloadEvents& events, std::string_view text) {
  if (events.notice) events.notice(text);
}

// Sleeps for `delay` unless stop is requested first; false then.
bool wait_unless_stopped(std::chrono::milliseconds delay, const std::stop_token& stop) {
  const auto deadline = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < deadline) {
    if (stop.stop_requested()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !stop.stop_requested();
}

}  // namespace

std::filesystem::path part_path(const std::filesystem::path& destination) {
  std::filesystem::path path = destination;
  path += ".part";
  return path;
}

DownloadResult download_file(const DownloadTarget& target, const TransferPolicy& policy,
                             const DownloadEvents& events, std::stop_token stop) {
  const std::string url = file_url(target.hub, target.repo, target.file);
  PartFile part(part_path(target.destination));
  Sha256 hash;
  std::uint64_t file_bytes = 0;  // of the .part, hashed so far
  bool hashed_existing_part = false;
  bool first_request = true;
  int attempts_without_progress = 0;
  std::chrono::milliseconds retry_delay = policy.first_retry_delay;

  while (true) {
    if (stop.stop_requested()) return {DownloadStatus::cancelled, {}};
    std::uint64_t offset = part.size();
    if (offset > target.size) {
      notify(events, fmt::format("discarding {}: it is larger than the file ({})",
                                 part.path().string(), size_text(target.size)));
      part.truncate();
      offset = 0;
    }
    if (!hashed_existing_part || file_bytes != offset) {
      // What an earlier run (or a lost request) left: hashed once, before
      // the transfer, so the hash covers the whole file at the end.
      hash.reset();
      part.hash_prefix(hash, offset);
      file_bytes = offset;
      hashed_existing_part = true;
    }
    if (offset == target.size) break;
    if (first_request && offset > 0) {
      notify(events, fmt::format("resuming {} at {} of {}", target.file, size_text(offset),
                                 size_text(target.size)));
    }
    part.seek_end();

    CurlTransfer transfer(url, target.hub.token, static_cast<long>(policy.connect_timeout.count()));
    Attempt attempt;
    attempt.target = &target;
    attempt.events = &events;
    attempt.stop = stop;
    attempt.transfer = &transfer;
    attempt.part = &part;
    attempt.hash = &hash;
    attempt.file_bytes = &file_bytes;
    attempt.offset = offset;
    CURL* handle = transfer.handle();
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_download_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &attempt);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_download_progress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &attempt);
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, policy.low_speed_bytes_per_second);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(policy.low_speed_time.count()));
    if (offset > 0) transfer.add_header(fmt::format("Range: bytes={}-", offset));

    const CURLcode code = transfer.perform();
    const long status = transfer.response().status();
    const bool was_first_request = std::exchange(first_request, false);
    if (code == CURLE_ABORTED_BY_CALLBACK) return {DownloadStatus::cancelled, {}};
    if (attempt.write_error != 0) {
      raise(ErrorKind::io, "cannot write {}: {}", part.path().string(),
            std::strerror(attempt.write_error));
    }
    if (attempt.restarted) {
      notify(events, fmt::format("the server did not resume {}; it starts over", target.file));
    }
    if (attempt.body == Body::too_long) {
      part.discard();
      raise(ErrorKind::invalid_data, "{} sent more than the {} the hub lists for {}",
            detail::url_host(url), size_text(target.size), target.file);
    }

    std::string failure;  // why this request did not finish the file
    if (attempt.body == Body::wrong_range) {
      failure = "the server answered with other bytes than asked for";
      part.truncate();
    } else if (code == CURLE_OK && status == 416) {
      // The server has no bytes past the .part's end: the .part is not a
      // beginning of this file.
      failure = "the server has no bytes past the partial download";
      part.truncate();
    } else if (code == CURLE_OK && (status == 200 || status == 206)) {
      if (part.size() == target.size) break;
      failure =
          fmt::format("the server sent {} of {}", size_text(part.size()), size_text(target.size));
    } else if (code == CURLE_OK) {
      if (!detail::is_transient_status(status)) {
        detail::raise_hub_error(transfer.response(), url, target.hub, target.repo, target.file);
      }
      failure = fmt::format("the server answered HTTP {}", status);
    } else if (detail::is_transient(code) && !(was_first_request && detail::is_unreachable(code))) {
      failure = transfer.error_detail(code);
    } else {
      detail::raise_transfer_error(transfer, code);
    }

    if (attempt.received > 0) {
      attempts_without_progress = 0;
      retry_delay = policy.first_retry_delay;
    } else if (++attempts_without_progress >= policy.max_attempts_without_progress) {
      if (code != CURLE_OK) detail::raise_transfer_error(transfer, code);
      if (status != 200 && status != 206) {
        detail::raise_hub_error(transfer.response(), url, target.hub, target.repo, target.file);
      }
      raise(ErrorKind::io, "downloading {} failed {} times in a row: {}", target.file,
            attempts_without_progress, failure);
    }
    notify(events, fmt::format("{} ({} of {} so far); retrying in {:.0f} s", failure,
                               size_text(part.size()), size_text(target.size),
                               std::chrono::duration<double>(retry_delay).count()));
    if (!wait_unless_stopped(retry_delay, stop)) return {DownloadStatus::cancelled, {}};
    retry_delay = std::min(retry_delay * 2, kMaxRetryDelay);
  }

  std::string digest = hash.hex_digest();
  if (target.sha256 && digest != *target.sha256) {
    part.discard();
    raise(ErrorKind::invalid_data,
          "{} from {} failed its SHA-256 check: the hub publishes {}, the download hashes to {}; "
          "the download was deleted",
          target.file, target.repo.repo, *target.sha256, digest);
  }
  part.commit_as(target.destination);
  return {DownloadStatus::complete, std::move(digest)};
}

}  // namespace hearth::hub
