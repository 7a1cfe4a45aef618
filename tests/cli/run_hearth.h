// Runs the real `hearth` binary as a child process and captures what it says.
#pragma once

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

}  // namespace hearth::testing
