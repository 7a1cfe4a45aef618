#include "strftime.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "hearth/util/error.h"

namespace hearth::chat::jinja {
namespace {

// C's strftime of one directive. Its result can legitimately be empty, so
// the buffer grows until the text fits with room to spare.
std::string c_strftime(const std::string& directive, const std::tm& calendar) {
  std::string buffer(64, '\0');
  while (true) {
    const std::size_t written =
        std::strftime(buffer.data(), buffer.size(), directive.c_str(), &calendar);
    if (written > 0 || buffer.size() > 4096) {
      buffer.resize(written);
      return buffer;
    }
    buffer.resize(buffer.size() * 2);
  }
}

}  // namespace

std::string python_strftime(std::string_view format, const LocalTime& time) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 >= format.size()) {
      out += format[i];
      continue;
    }
    const char directive = format[++i];
    switch (directive) {
      case 'f':
        out += fmt::format("{:06d}", time.microsecond);
        break;
      case 'z':
      case 'Z':
        break;
      default: {
        // A directive C does not know comes back as written.
        const std::string one = std::string("%") + directive;
        out += c_strftime(one, time.calendar);
      }
    }
  }
  return out;
}

LocalTime system_local_time() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  LocalTime time;
  if (localtime_r(&seconds, &time.calendar) == nullptr) {
    raise(ErrorKind::internal, "the system clock cannot be read as local time");
  }
  const auto since_second = now - std::chrono::system_clock::from_time_t(seconds);
  time.microsecond = static_cast<int>(
      std::chrono::duration_cast<std::chrono::microseconds>(since_second).count() % 1000000);
  if (time.microsecond < 0) time.microsecond += 1000000;
  return time;
}

}  // namespace hearth::chat::jinja
