#include "config_error.h"

#include <fmt/format.h>

#include "hearth/util/error.h"

namespace hearth::config::detail {

std::string position_text(const toml::source_region& region) {
  if (!region.begin) return "1:1";
  return fmt::format("{}:{}", region.begin.line, region.begin.column);
}

void fail_at(const toml::source_region& region, std::string_view message) {
  const std::string_view source = region.path ? std::string_view(*region.path) : "hearth.toml";
  raise(ErrorKind::invalid_data, "{}:{}: {}", source, position_text(region), message);
}

}  // namespace hearth::config::detail
