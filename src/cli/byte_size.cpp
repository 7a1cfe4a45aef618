#include "byte_size.h"

#include <fmt/format.h>

#include <array>

namespace hearth::cli {

std::string format_bytes(std::uint64_t bytes) {
  static constexpr std::array<const char*, 5> kUnits = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string format_count(std::uint64_t count) {
  if (count < 1000) return fmt::format("{}", count);
  static constexpr std::array<const char*, 4> kSuffixes = {"K", "M", "B", "T"};
  double value = static_cast<double>(count) / 1000.0;
  std::size_t suffix = 0;
  while (value >= 1000.0 && suffix + 1 < kSuffixes.size()) {
    value /= 1000.0;
    ++suffix;
  }
  return fmt::format("{:.2f} {}", value, kSuffixes[suffix]);
}

}  // namespace hearth::cli
