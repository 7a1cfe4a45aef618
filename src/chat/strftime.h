// Python's datetime.strftime, for the strftime_now() global.
#pragma once

#include <string>
#include <string_view>

#include "hearth/chat/template.h"

namespace hearth::chat::jinja {

// Formats `time` as datetime.now().strftime(format) does: %f is the
// microseconds, %z and %Z are empty (now() has no time zone), and the other
// directives are C's strftime in the "C" locale, as CPython uses them.
std::string python_strftime(std::string_view format, const LocalTime& time);

// The system clock in the local time zone.
LocalTime system_local_time();

}  // namespace hearth::chat::jinja
