#include "hearth/hub/pull.h"

#include <fmt/format.h>

#include <system_error>

#include "hearth/hub/file_selection.h"
#include "hearth/util/error.h"
#include "size_text.h"

namespace hearth::hub {
namespace {

// The model is already there, pulled from a file with the same hash.
std::optional<ModelRecord> up_to_date_record(const std::filesystem::path& path,
                                             const RepoFile& file) {
  std::error_code error;
  if (!file.sha256 || !std::filesystem::exists(path, error)) return std::nullopt;
  if (std::filesystem::file_size(path, error) != file.size || error) return std::nullopt;
  std::optional<ModelRecord> record;
  try {
    record = read_model_record(path);
  } catch (const Error&) {
    return std::nullopt;  // a broken record: download again, which rewrites it
  }
  if (!record || record->sha256 != *file.sha256) return std::nullopt;
  return record;
}

}  // namespace

PullReference parse_pull_reference(std::string_view text) {
  PullReference reference;
  const std::size_t colon = text.find(':');
  reference.repo = std::string(text.substr(0, colon));
  check_repo_id(reference.repo);
  if (colon != std::string_view::npos) {
    const std::string_view file = text.substr(colon + 1);
    if (file.empty()) {
      raise(ErrorKind::invalid_argument, "nothing after ':' in '{}': expected OWNER/REPO:FILE",
            text);
    }
    check_repo_file_path(file);
    reference.file = std::string(file);
  }
  return reference;
}

PullResult pull_model(const HubSettings& settings, const std::filesystem::path& models_root,
                      const PullReference& reference, const PullOptions& options,
                      std::stop_token stop) {
  if (options.revision.empty()) raise(ErrorKind::invalid_argument, "the revision is empty");
  const RepoTarget target{reference.repo, options.revision};
  const std::vector<RepoFile> files = list_repo_files(settings, target);
  const RepoFile& file = select_gguf_file(files, reference.repo, reference.file);
  // The listing decides where the file is written: it must stay inside.
  check_repo_file_path(file.path);
  if (!file.sha256 && options.require_hub_hash) {
    raise(ErrorKind::invalid_data,
          "the hub publishes no SHA-256 for {} in {} (it is not stored with Git LFS), so the "
          "download could not be checked; --no-verify downloads it unchecked",
          file.path, reference.repo);
  }

  PullResult result;
  result.name = fmt::format("{}:{}", reference.repo, file.path);
  result.path = models_root / reference.repo / file.path;
  if (std::optional<ModelRecord> record = up_to_date_record(result.path, file)) {
    result.status = PullStatus::up_to_date;
    result.record = std::move(*record);
    return result;
  }

  std::error_code error;
  std::filesystem::create_directories(result.path.parent_path(), error);
  if (error) {
    raise(ErrorKind::io, "cannot create {}: {}", result.path.parent_path().string(),
          error.message());
  }
  if (options.events.notice) {
    options.events.notice(
        fmt::format("pulling {} ({})", result.name, detail::size_text(file.size)));
  }
  DownloadTarget download{settings, target, file.path, result.path, file.size, file.sha256};
  const DownloadResult downloaded = download_file(download, options.transfer, options.events, stop);
  if (downloaded.status == DownloadStatus::cancelled) {
    result.status = PullStatus::cancelled;
    return result;
  }

  result.record.repo = reference.repo;
  result.record.file = file.path;
  result.record.revision = options.revision;
  result.record.sha256 = downloaded.sha256;
  result.record.size = file.size;
  result.record.downloaded_at = utc_timestamp_now();
  result.record.verified_by_hub = file.sha256.has_value();
  write_model_record(result.path, result.record);
  result.status = PullStatus::downloaded;
  return result;
}

}  // namespace hearth::hub
