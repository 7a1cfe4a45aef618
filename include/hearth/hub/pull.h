// `hearth pull`: a GGUF file from a Hugging Face repository into the models
// folder, checked against the hash the hub publishes, with a record beside
// it.
#pragma once

#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "hearth/hub/download.h"
#include "hearth/hub/hub_client.h"
#include "hearth/hub/model_record.h"

namespace hearth::hub {

// "OWNER/REPO" or "OWNER/REPO:FILE" (FILE: a path in the repository or a
// quantization tag, see select_gguf_file).
struct PullReference {
  std::string repo;
  std::optional<std::string> file;
};

// Throws Error(invalid_argument) saying what was expected.
PullReference parse_pull_reference(std::string_view text);

struct PullOptions {
  std::string revision = "main";
  // False accepts a file the hub publishes no SHA-256 for (its hash is then
  // recorded as received). A published hash is always checked.
  bool require_hub_hash = true;
  TransferPolicy transfer;
  DownloadEvents events;
};

enum class PullStatus {
  downloaded,
  up_to_date,  // already there with the hash the hub publishes now
  cancelled,   // stop was requested; the .part is kept, the next pull resumes
};

struct PullResult {
  PullStatus status = PullStatus::downloaded;
  std::string name;  // "owner/repo:file"
  std::filesystem::path path;
  ModelRecord record;  // when not cancelled
};

// Lists the repository, picks the file, downloads it to
// <models_root>/<owner>/<repo>/<file> and writes its record. Throws as
// list_repo_files, select_gguf_file and download_file do, and
// Error(invalid_data) for a file without a published hash when
// options.require_hub_hash.
PullResult pull_model(const HubSettings& settings, const std::filesystem::path& models_root,
                      const PullReference& reference, const PullOptions& options,
                      std::stop_token stop);

}  // namespace hearth::hub
