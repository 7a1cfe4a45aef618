// The download progress `hearth pull` shows on stderr: a bar with bytes,
// speed and time left, redrawn in place on a terminal; on anything else (a
// log file, a pipe) one line each tenth of the way.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>

namespace hearth::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool terminal);

  // `done` of `total` bytes. Cheap to call very often: a terminal is
  // redrawn at most ten times a second.
  void update(std::uint64_t done, std::uint64_t total);
  // Ends the bar's line before something else is printed; the next update
  // draws it again below.
  void break_line();

 private:
  using Clock = std::chrono::steady_clock;
  // Bytes per second over the last few seconds; 0 until it can tell.
  double speed(Clock::time_point now) const;
  std::string describe(std::uint64_t done, std::uint64_t total, Clock::time_point now) const;

  bool terminal_;
  bool line_open_ = false;
  Clock::time_point last_draw_{};
  int last_tenth_ = -1;
  bool finish_shown_ = false;  // libcurl reports the last byte more than once
  std::deque<std::pair<Clock::time_point, std::uint64_t>> samples_;
};

}  // namespace hearth::cli
