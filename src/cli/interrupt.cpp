#include "interrupt.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "hearth/util/error.h"

namespace hearth::cli {
namespace {

// The write end of the live scope's pipe, -1 when none; read by the handler.
std::atomic<int> g_interrupt_fd{-1};
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "the signal handler needs lock-free atomics");

constexpr char kInterruptByte = 'i';
constexpr char kQuitByte = 'q';

extern "C" void on_sigint(int) {
  if (g_interrupted.exchange(true)) {
    // Second Ctrl-C: the user does not want to wait for a clean stop.
    ::signal(SIGINT, SIG_DFL);
    ::raise(SIGINT);
    return;
  }
  const int saved_errno = errno;
  const int fd = g_interrupt_fd.load();
  if (fd >= 0) {
    [[maybe_unused]] const ssize_t written = ::write(fd, &kInterruptByte, 1);
  }
  errno = saved_errno;
}

}  // namespace

InterruptScope::InterruptScope() {
  if (::pipe2(pipe_fds_, O_CLOEXEC) != 0) {
    raise(ErrorKind::io, "cannot create a pipe for Ctrl-C handling: {}", std::strerror(errno));
  }
  watcher_ = std::thread([this] {
    char byte = 0;
    ssize_t got = 0;
    do {
      got = ::read(pipe_fds_[0], &byte, 1);
    } while (got < 0 && errno == EINTR);
    if (got == 1 && byte == kInterruptByte) stop_.request_stop();
  });
  g_interrupted.store(false);
  g_interrupt_fd.store(pipe_fds_[1]);

  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, &previous_);
}

InterruptScope::~InterruptScope() {
  ::sigaction(SIGINT, &previous_, nullptr);
  g_interrupt_fd.store(-1);
  // Wakes the watcher if no interrupt did; a byte left unread is harmless.
  [[maybe_unused]] const ssize_t written = ::write(pipe_fds_[1], &kQuitByte, 1);
  watcher_.join();
  ::close(pipe_fds_[0]);
  ::close(pipe_fds_[1]);
}

}  // namespace hearth::cli
