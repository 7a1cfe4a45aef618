// What every section needs besides its table: where relative paths start
// and how environment variables are read.
#pragma once

#include <filesystem>
#include <string_view>

#include "hearth/config/hearth_config.h"

namespace hearth::config::detail {

struct Context {
  std::filesystem::path base_dir;
  const Environment& env;
};

// `text` as a path: "~/x" is under $HOME, a relative path under base_dir.
std::filesystem::path resolve_path(const Context& context, std::string_view text);

}  // namespace hearth::config::detail
