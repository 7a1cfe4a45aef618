// Where the audit log and the cache live by default: hearth's data folder.
#include <cstdlib>
#include <filesystem>

#include "hearth/store/audit_log.h"
#include "hearth/store/response_cache.h"
#include "hearth/util/error.h"

namespace hearth::store {
namespace {

const char* nonempty_environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

std::filesystem::path data_folder() {
  if (const char* data_home = nonempty_environment("XDG_DATA_HOME")) {
    return std::filesystem::path(data_home) / "hearth";
  }
  if (const char* home = nonempty_environment("HOME")) {
    return std::filesystem::path(home) / ".local" / "share" / "hearth";
  }
  raise(ErrorKind::not_found, "cannot tell where hearth keeps its data: set XDG_DATA_HOME or HOME");
}

}  // namespace

std::filesystem::path default_audit_path() {
  if (const char* path = nonempty_environment("HEARTH_AUDIT_DB")) return path;
  return data_folder() / "audit.sqlite";
}

std::filesystem::path default_cache_path() {
  return data_folder() / "cache.sqlite";
}

}  // namespace hearth::store
