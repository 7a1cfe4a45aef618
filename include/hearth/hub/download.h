// One file fetched into place: over HTTP(S) into "<file>.part", resumed with
// a Range request after an interruption (this run's or an earlier one's),
// its SHA-256 checked, then renamed over the target in one step.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "hearth/hub/hub_client.h"

namespace hearth::hub {

struct DownloadTarget {
  HubSettings hub;  // the token goes to the hub only, not to hosts it redirects to
  RepoTarget repo;
  std::string file;  // the path in the repository
  std::filesystem::path destination;
  std::uint64_t size = 0;  // as published; a finished download must have it
  // The SHA-256 the file must hash to; nullopt accepts whatever arrives.
  std::optional<std::string> sha256;
};

// How patient a transfer is. A transfer that stalls or drops is retried,
// resuming where it stopped; the count starts over whenever an attempt
// brought bytes, so only attempts in a row that bring nothing give up.
struct TransferPolicy {
  int max_attempts_without_progress = 5;
  std::chrono::milliseconds first_retry_delay{1000};  // doubled each retry, at most 30 s
  std::chrono::seconds connect_timeout{30};
  // Slower than this for low_speed_time is a stall.
  long low_speed_bytes_per_second = 1024;
  std::chrono::seconds low_speed_time{30};
};

struct DownloadProgress {
  std::uint64_t bytes_done = 0;  // of the whole file, resumed bytes included
  std::uint64_t bytes_total = 0;
};

struct DownloadEvents {
  // Called often (many times a second) while bytes arrive.
  std::function<void(const DownloadProgress&)> progress;
  // A sentence for the person waiting: resuming, retrying, starting over.
  std::function<void(std::string_view)> notice;
};

enum class DownloadStatus {
  complete,   // destination holds the file, its hash checked
  cancelled,  // stop was requested; the .part is kept for the next attempt
};

struct DownloadResult {
  DownloadStatus status = DownloadStatus::complete;
  std::string sha256;  // of the file, when complete
};

// "<destination>.part".
std::filesystem::path part_path(const std::filesystem::path& destination);

// Downloads file_url(target.hub, target.repo, target.file) to
// target.destination (whose folder must exist).
// Throws Error(invalid_data) when the file does not hash to target.sha256
// (both hashes in the message; the .part is deleted, nothing is left
// behind) or has the wrong size; Error(not_found) and Error(io) as
// list_repo_files does for HTTP answers and unreachable hosts, after the
// retries; Error(io) when the .part cannot be written or another process
// is downloading the same file.
DownloadResult download_file(const DownloadTarget& target, const TransferPolicy& policy,
                             const DownloadEvents& events, std::stop_token stop);

}  // namespace hearth::hub
