// The parts of the Hugging Face hub's HTTP API that `hearth pull` uses: the
// file listing of a repository and the URL a file downloads from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::hub {

struct HubSettings {
  std::string endpoint = "https://huggingface.co";  // without a trailing '/'
  std::optional<std::string> token;                 // sent as "Authorization: Bearer"
};

// HF_ENDPOINT and HF_TOKEN, as huggingface_hub reads them; the defaults for
// what is unset or empty.
HubSettings hub_settings_from_environment();

// Which file of which repository, for URLs and error messages.
struct RepoTarget {
  std::string repo;  // "owner/name"
  std::string revision = "main";
};

struct RepoFile {
  std::string path;  // inside the repository, '/'-separated
  std::uint64_t size = 0;
  // What the hub publishes for files stored with Git LFS (every model file);
  // small files kept in git itself have none.
  std::optional<std::string> sha256;
};

// GET {endpoint}/api/models/{repo}/tree/{revision}?recursive=true, every page
// of it. Files only, in the hub's order.
// Throws Error(not_found) for an unknown repository or revision,
// Error(io) when the hub cannot be reached ("cannot reach HOST: ... — is the
// network up?"), refuses access (the message suggests HF_TOKEN) or answers
// anything else unexpected, Error(invalid_data) for a listing that does not
// parse.
std::vector<RepoFile> list_repo_files(const HubSettings& settings, const RepoTarget& target);

// {endpoint}/{repo}/resolve/{revision}/{path}, each part percent-encoded.
std::string file_url(const HubSettings& settings, const RepoTarget& target,
                     std::string_view file_path);

// Throws Error(invalid_argument) unless `repo` is "owner/name" with the
// characters the hub allows (letters, digits, '-', '_', '.').
void check_repo_id(std::string_view repo);

// Throws Error(invalid_argument) for a repository path that could step out
// of the folder it is stored in: empty, absolute, or with "", "." or ".."
// parts.
void check_repo_file_path(std::string_view path);

}  // namespace hearth::hub
