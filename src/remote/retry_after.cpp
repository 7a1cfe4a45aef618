#include "retry_after.h"

#include <curl/curl.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "hearth/util/ascii.h"

namespace hearth::remote::detail {
namespace {

// A day is plenty: a provider asking for more is as good as down.
constexpr std::int64_t kMaxSeconds = 24 * 60 * 60;

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (value.front() >= '0' && value.front() <= '9') {
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc::result_out_of_range) return std::chrono::seconds(kMaxSeconds);
    if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return std::chrono::seconds(std::min(seconds, kMaxSeconds));
  }
  // curl_getdate reads the three date formats HTTP allows.
  const std::string text(value);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  // Compared in seconds first: a date centuries away does not fit the
  // clock's nanoseconds.
  const std::int64_t now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (static_cast<std::int64_t>(when) <= now_seconds) return std::chrono::milliseconds(0);
  if (static_cast<std::int64_t>(when) - now_seconds >= kMaxSeconds) {
    return std::chrono::seconds(kMaxSeconds);
  }
  const auto wait = std::chrono::system_clock::from_time_t(when) - now;
  if (wait <= std::chrono::system_clock::duration::zero()) return std::chrono::milliseconds(0);
  return std::min<std::chrono::milliseconds>(std::chrono::ceil<std::chrono::milliseconds>(wait),
                                             std::chrono::seconds(kMaxSeconds));
}

std::optional<std::chrono::milliseconds> parse_retry_after_ms(std::string_view value) {
  value = trim(value);
  double milliseconds = 0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), milliseconds);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(milliseconds) || milliseconds < 0) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(std::ceil(std::min<double>(milliseconds, kMaxSeconds * 1000.0))));
}

}  // namespace hearth::remote::detail
