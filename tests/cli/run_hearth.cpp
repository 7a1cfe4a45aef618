#include "run_hearth.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test_paths.h"

namespace hearth::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A child whose output goes through files rather than pipes, so a chatty
// child can never block on a full pipe while the parent waits for it.
class Child {
 public:
  Child(const std::vector<std::string>& arguments, const std::string& standard_input) {
    { std::ofstream(in_path(), std::ios::binary) << standard_input; }

    std::vector<std::string> argv_storage = {HEARTH_BINARY};
    argv_storage.insert(argv_storage.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& argument : argv_storage) argv.push_back(argument.data());
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int out = ::open(out_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int err = ::open(err_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int in = ::open(in_path().c_str(), O_RDONLY);
      if (out < 0 || err < 0 || in < 0 || ::dup2(out, STDOUT_FILENO) < 0 ||
          ::dup2(err, STDERR_FILENO) < 0 || ::dup2(in, STDIN_FILENO) < 0) {
        ::_exit(127);
      }
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }

  pid_t pid() const { return pid_; }
  std::filesystem::path out_path() const { return capture_ / "stdout"; }
  std::filesystem::path err_path() const { return capture_ / "stderr"; }

  // Waits for the child, killing it once `timeout` has passed (when given).
  CommandResult wait(std::optional<std::chrono::seconds> timeout = std::nullopt) {
    const auto deadline =
        std::chrono::steady_clock::now() + timeout.value_or(std::chrono::seconds(0));
    int status = 0;
    while (true) {
      const pid_t done = ::waitpid(pid_, &status, timeout ? WNOHANG : 0);
      if (done == pid_) break;
      if (done < 0) throw std::runtime_error("waitpid failed");
      if (std::chrono::steady_clock::now() > deadline) ::kill(pid_, SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path());
    result.err = read_file(err_path());
    return result;
  }

 private:
  std::filesystem::path in_path() const { return capture_ / "stdin"; }

  ScratchDir capture_;
  pid_t pid_ = -1;
};

}  // namespace

struct BackgroundHearth::Process {
  explicit Process(const std::vector<std::string>& arguments) : child(arguments, {}) {}
  Child child;
  bool reaped = false;
};

BackgroundHearth::BackgroundHearth(const std::vector<std::string>& arguments)
    : process_(std::make_unique<Process>(arguments)) {}

BackgroundHearth::~BackgroundHearth() {
  if (!process_->reaped) stop(SIGKILL);
}

std::string BackgroundHearth::stderr_text() const {
  return read_file(process_->child.err_path());
}

bool BackgroundHearth::wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (stderr_text().find(text) != std::string::npos) return true;
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(process_->child.pid()), &info,
                 WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == process_->child.pid()) {
      return stderr_text().find(text) != std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void BackgroundHearth::send(int signal) {
  ::kill(process_->child.pid(), signal);
}

CommandResult BackgroundHearth::stop(int signal) {
  ::kill(process_->child.pid(), signal);
  process_->reaped = true;
  return process_->child.wait(std::chrono::seconds(60));
}

CommandResult run_hearth(const std::vector<std::string>& arguments,
                         const std::string& standard_input) {
  return Child(arguments, standard_input).wait();
}

CommandResult run_hearth_interrupted(const std::vector<std::string>& arguments,
                                     std::size_t output_bytes) {
  Child child(arguments, {});
  while (true) {
    std::error_code error;
    const std::uintmax_t written = std::filesystem::file_size(child.out_path(), error);
    if (!error && written >= output_bytes) break;
    // A child that ended on its own is returned as it is (not reaped here).
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(child.pid()), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == child.pid()) {
      return child.wait();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(child.pid(), SIGINT);
  return child.wait(std::chrono::seconds(60));
}

}  // namespace hearth::testing
