// Runs the real `hearth` binary as a child process and captures what it says.
#pragma once

#include <cstddef>
#include <string>
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

}  // namespace hearth::testing
