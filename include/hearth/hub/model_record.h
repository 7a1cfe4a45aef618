// The small JSON file `hearth pull` writes beside each model it downloads
// (`<file>.json`): where it came from and the hash it was checked against,
// so that `hearth models verify` can check it again later.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace hearth::hub {

struct ModelRecord {
  std::string repo;      // "owner/name"
  std::string file;      // the path inside the repository
  std::string revision;  // as asked for: a branch, tag or commit
  std::string sha256;    // of the downloaded file, 64 lower-case hex digits
  std::uint64_t size = 0;
  std::string downloaded_at;  // UTC, ISO 8601 ("2025-01-31T12:00:00Z")
  // False when the hub published no hash and the file was pulled with
  // --no-verify: sha256 is then only what was received.
  bool verified_by_hub = true;
};

// "<model>.json" beside the model file.
std::filesystem::path record_path(const std::filesystem::path& model_path);

// nullopt when there is no record. Throws Error(invalid_data) naming the file
// when it exists but is not a record, Error(io) when it cannot be read.
std::optional<ModelRecord> read_model_record(const std::filesystem::path& model_path);

// Writes the record atomically. Throws Error(io) when it cannot.
void write_model_record(const std::filesystem::path& model_path, const ModelRecord& record);

// The current time as downloaded_at writes it.
std::string utc_timestamp_now();

}  // namespace hearth::hub
