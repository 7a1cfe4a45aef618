#include "byte_size.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

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

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::size_t digits_end = 0;
  while (digits_end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits_end])) || text[digits_end] == '.')) {
    ++digits_end;
  }
  double number = 0.0;
  const char* first = text.data();
  const char* last = text.data() + digits_end;
  const auto [end, error] = std::from_chars(first, last, number);
  if (digits_end == 0 || error != std::errc() || end != last) return std::nullopt;

  std::string suffix;
  for (char c : text.substr(digits_end)) {
    suffix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // "B" alone means bytes; otherwise the unit letter, then nothing, "B" or "IB".
  double scale = 1.0;
  if (!suffix.empty() && suffix != "B") {
    static constexpr std::string_view kUnits = "KMGT";
    const std::size_t unit = kUnits.find(suffix.front());
    const std::string_view rest = std::string_view(suffix).substr(1);
    if (unit == std::string_view::npos || !(rest.empty() || rest == "B" || rest == "IB")) {
      return std::nullopt;
    }
    scale = std::pow(1024.0, static_cast<double>(unit + 1));
  }
  const double bytes = std::floor(number * scale);
  // 2^64 is exactly representable; anything at or above it does not fit.
  if (!(bytes < 18446744073709551616.0)) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace hearth::cli
