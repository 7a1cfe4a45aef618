#include "hearth/hub/file_selection.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "hearth/util/error.h"
#include "size_text.h"

namespace hearth::hub {
namespace {

using detail::size_text;

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

bool is_gguf(const RepoFile& file) {
  return lower(file.path).ends_with(".gguf");
}

std::string file_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string gguf_listing(const std::vector<const RepoFile*>& files) {
  std::string listing;
  for (const RepoFile* file : files) {
    listing += fmt::format("\n  {} ({})", file->path, size_text(file->size));
  }
  return listing;
}

std::vector<const RepoFile*> containing(const std::vector<const RepoFile*>& files,
                                        std::string_view tag) {
  const std::string wanted = lower(tag);
  std::vector<const RepoFile*> matches;
  for (const RepoFile* file : files) {
    if (lower(file_name(file->path)).find(wanted) != std::string::npos) matches.push_back(file);
  }
  return matches;
}

}  // namespace

const RepoFile& select_gguf_file(const std::vector<RepoFile>& files, std::string_view repo,
                                 const std::optional<std::string>& requested) {
  std::vector<const RepoFile*> ggufs;
  for (const RepoFile& file : files) {
    if (is_gguf(file)) ggufs.push_back(&file);
  }
  if (requested) {
    for (const RepoFile* file : ggufs) {
      if (file->path == *requested || file->path == *requested + ".gguf") return *file;
    }
    const std::vector<const RepoFile*> matches = containing(ggufs, *requested);
    if (matches.size() == 1) return *matches.front();
    if (matches.size() > 1) {
      raise(ErrorKind::invalid_argument, "'{}' matches {} GGUF files of {}; name one:{}",
            *requested, matches.size(), repo, gguf_listing(matches));
    }
    if (ggufs.empty()) {
      raise(ErrorKind::not_found, "{} has no file {} and no GGUF files at all", repo, *requested);
    }
    raise(ErrorKind::not_found, "{} has no file {}; its GGUF files:{}", repo, *requested,
          gguf_listing(ggufs));
  }
  if (ggufs.size() == 1) return *ggufs.front();
  if (ggufs.empty()) raise(ErrorKind::not_found, "{} has no GGUF files", repo);
  const std::vector<const RepoFile*> preferred = containing(ggufs, "Q4_K_M");
  if (preferred.size() == 1) return *preferred.front();
  raise(ErrorKind::invalid_argument,
        "{} has {} GGUF files; name one as {}:FILE (or a quantization such as {}:Q8_0):{}", repo,
        ggufs.size(), repo, repo, gguf_listing(ggufs));
}

}  // namespace hearth::hub
