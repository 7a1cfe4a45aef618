#include "progress_bar.h"

#include <fmt/format.h>

#include <cstdio>

#include "byte_size.h"

namespace hearth::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr auto kSpeedWindow = std::chrono::seconds(5);
constexpr int kBarWidth = 30;

std::string duration_text(double seconds) {
  const auto total = static_cast<std::uint64_t>(seconds + 0.5);
  if (total >= 3600)
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

ProgressBar::ProgressBar(bool terminal) : terminal_(terminal) {}

double ProgressBar::speed(Clock::time_point now) const {
  if (samples_.size() < 2) return 0.0;
  const double seconds = std::chrono::duration<double>(now - samples_.front().first).count();
  if (seconds < 0.5) return 0.0;
  return static_cast<double>(samples_.back().second - samples_.front().second) / seconds;
}

std::string ProgressBar::describe(std::uint64_t done, std::uint64_t total,
                                  Clock::time_point now) const {
  const double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  std::string text =
      fmt::format("{:3.0f}% {} of {}", fraction * 100.0, format_bytes(done), format_bytes(total));
  if (const double rate = speed(now); rate > 0.0) {
    text += fmt::format(", {}/s", format_bytes(static_cast<std::uint64_t>(rate)));
    if (done < total) {
      text += ", " + duration_text(static_cast<double>(total - done) / rate) + " left";
    }
  }
  return text;
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  const Clock::time_point now = Clock::now();
  // A download that starts over makes the bytes go down: measure afresh.
  if (!samples_.empty() && done < samples_.back().second) {
    samples_.clear();
    last_tenth_ = -1;
    finish_shown_ = false;
  }
  samples_.emplace_back(now, done);
  while (samples_.size() > 2 && now - samples_[1].first > kSpeedWindow) samples_.pop_front();

  const bool finished = done >= total;
  if (finished && finish_shown_) return;
  finish_shown_ = finished;
  if (terminal_) {
    if (!finished && line_open_ && now - last_draw_ < kRedrawInterval) return;
    last_draw_ = now;
    const double fraction =
        total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * kBarWidth);
    const std::string bar =
        std::string(static_cast<std::size_t>(filled), '=') + (filled < kBarWidth ? ">" : "") +
        std::string(static_cast<std::size_t>(kBarWidth - std::min(filled + 1, kBarWidth)), ' ');
    // \033[K clears what a longer earlier line left on the right.
    std::fprintf(stderr, "\r[%s] %s\033[K", bar.c_str(), describe(done, total, now).c_str());
    line_open_ = true;
    if (finished) break_line();
    std::fflush(stderr);
    return;
  }
  const int tenth = total == 0 ? 10 : static_cast<int>(done * 10 / total);
  if (tenth <= last_tenth_) return;
  last_tenth_ = tenth;
  std::fprintf(stderr, "%s\n", describe(done, total, now).c_str());
}

void ProgressBar::break_line() {
  if (!line_open_) return;
  std::fputc('\n', stderr);
  line_open_ = false;
}

}  // namespace hearth::cli
