// The text forms of durations and sizes in hearth.toml: "500ms", "30s",
// "10m", "2h", "7d"; "512B", "64KiB", "8MiB", "1.5GiB", "100MB".
#pragma once

#include <optional>
#include <string_view>

namespace hearth::config::detail {

// Milliseconds, or nullopt when the text is not a number followed by one of
// ms, s, m, h, d ("0" alone is also accepted). Fractions are allowed ("1.5s").
std::optional<double> parse_duration_text(std::string_view text);

// Bytes, or nullopt when the text is not a number followed by an optional
// space and one of B, KiB, MiB, GiB, TiB, KB, MB, GB, TB (a bare number is
// bytes). Fractions are allowed ("1.5GiB").
std::optional<double> parse_size_text(std::string_view text);

}  // namespace hearth::config::detail
