#include "hearth/hub/models_directory.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "hearth/util/error.h"

namespace hearth::hub {
namespace {

const char* nonempty_environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

std::filesystem::path home_directory() {
  if (const char* home = nonempty_environment("HOME")) return home;
  // Services started without HOME still have a passwd entry.
  if (const passwd* entry = ::getpwuid(::getuid()); entry != nullptr && entry->pw_dir != nullptr) {
    return entry->pw_dir;
  }
  raise(ErrorKind::not_found,
        "cannot tell where models are kept: neither HEARTH_MODELS, XDG_DATA_HOME nor HOME is set");
}

}  // namespace

std::filesystem::path models_directory() {
  if (const char* models = nonempty_environment("HEARTH_MODELS")) return models;
  if (const char* data_home = nonempty_environment("XDG_DATA_HOME")) {
    const std::filesystem::path path = data_home;
    // The XDG spec: a relative path is invalid and is to be ignored.
    if (path.is_absolute()) return path / "hearth" / "models";
  }
  return home_directory() / ".local" / "share" / "hearth" / "models";
}

}  // namespace hearth::hub
