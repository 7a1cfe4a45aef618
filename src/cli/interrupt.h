// Ctrl-C during generation: the first SIGINT asks the generation to stop
// (through a std::stop_token, so the text produced so far is kept and
// printed); a second one while it winds down ends the process as usual.
#pragma once

#include <signal.h>

#include <stop_token>
#include <thread>

namespace hearth::cli {

// While an InterruptScope lives, SIGINT requests stop on its token instead of
// killing the process. A signal handler may only do async-signal-safe work,
// which std::stop_source::request_stop is not, so the handler writes a byte
// to a pipe and a watcher thread makes the request. One scope at a time.
class InterruptScope {
 public:
  // Throws Error(io) when the pipe or the handler cannot be set up.
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  std::stop_token token() const noexcept { return stop_.get_token(); }
  bool interrupted() const noexcept { return stop_.stop_requested(); }

 private:
  std::stop_source stop_;
  int pipe_fds_[2] = {-1, -1};
  struct sigaction previous_ {};
  std::thread watcher_;
};

}  // namespace hearth::cli
