// The models folder as `hearth models` sees it: every GGUF file under
// <models>/<owner>/<repo>/, named "owner/repo:file", with the record `hearth
// pull` wrote beside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/hub/model_record.h"

namespace hearth::hub {

struct StoredModel {
  std::string name;  // "owner/repo:file"
  std::string repo;  // "owner/repo"
  std::string file;  // the path under the repository's folder, '/'-separated
  std::filesystem::path path;
  std::uint64_t size = 0;
  // None for a file put there by hand, or when its record does not parse.
  std::optional<ModelRecord> record;
};

// Every .gguf file at least two folders deep under `root`, sorted by name.
// Hidden files and unfinished downloads (.part) are left out. An absent root
// holds no models. Throws Error(io) when the folder cannot be read.
std::vector<StoredModel> list_stored_models(const std::filesystem::path& root);

// The models a name means, by the first rule that applies:
//   "owner/repo:file"  the file (".gguf" may be left off; a quantization tag
//                      such as "Q4_K_M" matches, case-insensitively, the one
//                      file of the repository whose name contains it)
//   "owner/repo"       every model of the repository
//   anything else      models whose file name, file name without ".gguf",
//                      or repository name (without the owner) is `name`
// Several matches mean the name is ambiguous; none, that it is unknown.
std::vector<StoredModel> find_stored_models(const std::vector<StoredModel>& models,
                                            std::string_view name);

// The one stored model `name` means. Throws Error(not_found) saying where it
// looked when none matches, Error(invalid_argument) listing the candidates
// when several do.
StoredModel find_stored_model(const std::filesystem::path& root, std::string_view name);

// Deletes the model file, its record and any unfinished download of it, then
// the folders left empty up to (not including) `root`. Throws Error(io).
void remove_stored_model(const std::filesystem::path& root, const StoredModel& model);

enum class VerifyStatus {
  ok,         // the file hashes to the recorded SHA-256
  mismatch,   // it does not: the file changed or was damaged
  no_record,  // nothing to compare with (not pulled by hearth)
};

struct VerifyResult {
  VerifyStatus status = VerifyStatus::ok;
  std::string expected_sha256;  // both empty without a record
  std::string actual_sha256;
};

// Hashes the whole file again (unless there is no record to compare with).
// Throws Error(io) when it cannot be read.
VerifyResult verify_stored_model(const StoredModel& model);

}  // namespace hearth::hub
