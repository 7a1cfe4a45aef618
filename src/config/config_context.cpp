#include "config_context.h"

#include <optional>
#include <string>

namespace hearth::config::detail {
namespace {

std::optional<std::string> nonempty(const Context& context, std::string_view name) {
  std::optional<std::string> value = context.env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

std::filesystem::path resolve_path(const Context& context, std::string_view text) {
  if (text == "~" || text.starts_with("~/")) {
    if (const std::optional<std::string> home = nonempty(context, "HOME")) {
      return (std::filesystem::path(*home) / std::filesystem::path(text.substr(1)).relative_path())
          .lexically_normal();
    }
  }
  const std::filesystem::path path(text);
  if (path.is_absolute()) return path.lexically_normal();
  return (context.base_dir / path).lexically_normal();
}

}  // namespace hearth::config::detail
