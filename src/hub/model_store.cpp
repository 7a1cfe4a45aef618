#include "hearth/hub/model_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <system_error>

#include "hearth/hub/download.h"
#include "hearth/hub/sha256.h"
#include "hearth/util/error.h"

namespace hearth::hub {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

std::string_view file_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view without_gguf(std::string_view name) {
  if (lower(name).ends_with(".gguf")) name.remove_suffix(5);
  return name;
}

std::optional<StoredModel> stored_model_at(const fs::path& root, const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.starts_with('.') || !lower(name).ends_with(".gguf")) return std::nullopt;
  std::vector<std::string> parts;
  for (const fs::path& part : path.lexically_relative(root)) {
    if (part.string().starts_with('.')) return std::nullopt;  // hidden, or outside root
    parts.push_back(part.string());
  }
  if (parts.size() < 3) return std::nullopt;

  StoredModel model;
  model.repo = parts[0] + "/" + parts[1];
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (i > 2) model.file += '/';
    model.file += parts[i];
  }
  model.name = model.repo + ":" + model.file;
  model.path = path;
  std::error_code error;
  model.size = fs::file_size(path, error);
  try {
    model.record = read_model_record(path);
  } catch (const Error&) {
    // An unreadable record does not make the model unusable; verify says
    // it has nothing to compare with.
  }
  return model;
}

// "owner/repo" or "owner/repo:file": something `hearth pull` takes as it is.
bool looks_like_repo_reference(std::string_view name) {
  const std::string_view repo = name.substr(0, name.find(':'));
  const std::size_t slash = repo.find('/');
  return slash != std::string_view::npos && slash > 0 && slash + 1 < repo.size() &&
         repo.find('/', slash + 1) == std::string_view::npos;
}

}  // namespace

std::vector<StoredModel> list_stored_models(const fs::path& root) {
  std::vector<StoredModel> models;
  std::error_code error;
  if (!fs::exists(root, error)) return models;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  if (error) raise(ErrorKind::io, "cannot read {}: {}", root.string(), error.message());
  for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
    if (error) raise(ErrorKind::io, "cannot read {}: {}", root.string(), error.message());
    std::error_code type_error;
    if (!it->is_regular_file(type_error)) continue;
    if (std::optional<StoredModel> model = stored_model_at(root, it->path())) {
      models.push_back(std::move(*model));
    }
  }
  if (error) raise(ErrorKind::io, "cannot read {}: {}", root.string(), error.message());
  std::sort(models.begin(), models.end(),
            [](const StoredModel& a, const StoredModel& b) { return a.name < b.name; });
  return models;
}

std::vector<StoredModel> find_stored_models(const std::vector<StoredModel>& models,
                                            std::string_view name) {
  std::vector<StoredModel> matches;
  const auto keep_if = [&](auto&& predicate) {
    for (const StoredModel& model : models) {
      if (predicate(model)) matches.push_back(model);
    }
  };
  if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) {
    const std::string_view repo = name.substr(0, colon);
    const std::string_view file = name.substr(colon + 1);
    keep_if([&](const StoredModel& model) {
      return model.repo == repo && (model.file == file || without_gguf(model.file) == file);
    });
    if (matches.empty() && !file.empty()) {
      const std::string tag = lower(file);
      keep_if([&](const StoredModel& model) {
        return model.repo == repo && lower(file_name(model.file)).find(tag) != std::string::npos;
      });
    }
  } else if (name.find('/') != std::string_view::npos) {
    keep_if([&](const StoredModel& model) { return model.repo == name; });
  } else {
    keep_if([&](const StoredModel& model) {
      const std::string_view base = file_name(model.file);
      return base == name || without_gguf(base) == name || file_name(model.repo) == name;
    });
  }
  return matches;
}

StoredModel find_stored_model(const fs::path& root, std::string_view name) {
  std::vector<StoredModel> matches = find_stored_models(list_stored_models(root), name);
  if (matches.size() == 1) return std::move(matches.front());
  if (matches.empty()) {
    const std::string pull_hint =
        looks_like_repo_reference(name)
            ? fmt::format("`hearth pull {}` downloads it", name)
            : std::string("`hearth pull OWNER/REPO[:FILE]` downloads one");
    raise(ErrorKind::not_found,
          "no model named '{}' in {} (`hearth models list` shows what is there; {})", name,
          root.string(), pull_hint);
  }
  std::string listing;
  for (const StoredModel& model : matches) listing += "\n  " + model.name;
  raise(ErrorKind::invalid_argument, "'{}' could mean {} models; name one:{}", name, matches.size(),
        listing);
}

void remove_stored_model(const fs::path& root, const StoredModel& model) {
  for (const fs::path& path : {model.path, record_path(model.path), part_path(model.path)}) {
    std::error_code error;
    fs::remove(path, error);
    if (error) raise(ErrorKind::io, "cannot delete {}: {}", path.string(), error.message());
  }
  // The repository's and owner's folders go when nothing else is in them;
  // root itself stays.
  const fs::path top = root.lexically_normal();
  for (fs::path folder = model.path.parent_path().lexically_normal();;
       folder = folder.parent_path()) {
    const fs::path relative = folder.lexically_relative(top);
    if (relative.empty() || relative == "." || *relative.begin() == "..") break;
    std::error_code error;
    if (!fs::is_empty(folder, error) || error) break;
    fs::remove(folder, error);
    if (error) break;
  }
}

VerifyResult verify_stored_model(const StoredModel& model) {
  VerifyResult result;
  if (!model.record) {
    result.status = VerifyStatus::no_record;
    return result;
  }
  result.expected_sha256 = model.record->sha256;
  result.actual_sha256 = sha256_file(model.path);
  result.status =
      result.actual_sha256 == result.expected_sha256 ? VerifyStatus::ok : VerifyStatus::mismatch;
  return result;
}

}  // namespace hearth::hub
