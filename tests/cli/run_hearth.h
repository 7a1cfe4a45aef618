// Runs the real `hearth` binary as a child process and captures what it says.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The child reads `standard_input` on stdin (an empty stdin when not given).
CommandResult run_hearth(const std::vector<std::string>& arguments,
                         const std::string& standard_input = {});

// Runs the binary as a user who presses Ctrl-C: SIGINT is sent once the child
// has written at least `output_bytes` bytes to stdout. A child still running
// 60 s after the signal is killed (exit code 128 + SIGKILL).
CommandResult run_hearth_interrupted(const std::vector<std::string>& arguments,
                                     std::size_t output_bytes);

// The binary running in the background (a server), until stop() sends it a
// signal; the destructor kills it if it still runs.
class BackgroundHearth {
 public:
  explicit BackgroundHearth(const std::vector<std::string>& arguments);
  ~BackgroundHearth();
  BackgroundHearth(const BackgroundHearth&) = delete;
  BackgroundHearth& operator=(const BackgroundHearth&) = delete;

  std::string stderr_text() const;
  // Whether stderr contains `text` within `timeout` (false at once if the
  // child exits without writing it).
  bool wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout);
  // Sends `signal` and goes on (SIGHUP: reload).
  void send(int signal);
  // Sends `signal` and waits for the exit (killed after 60 s).
  CommandResult stop(int signal);

 private:
  struct Process;
  std::unique_ptr<Process> process_;
};

}  // namespace hearth::testing
