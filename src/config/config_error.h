// Every configuration error names the place in the file it is about.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace hearth::config::detail {

// "LINE:COLUMN" of where a region begins (1:1 when toml++ gave none).
std::string position_text(const toml::source_region& region);

// Throws Error(invalid_data) with "SOURCE:LINE:COLUMN: message", SOURCE being
// the name the document was parsed under.
[[noreturn]] void fail_at(const toml::source_region& region, std::string_view message);

}  // namespace hearth::config::detail
