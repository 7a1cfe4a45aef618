// The one error taxonomy of hearth.
//
// Inside the library, an operation that cannot complete throws hearth::Error
// with a kind from this small enum and a message meant for a person. Where an
// error must cross a thread or the C boundary it travels as an ErrorKind plus
// message. Programmer mistakes are asserted, not thrown.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace hearth {

enum class ErrorKind : std::uint8_t {
  invalid_argument,    // the caller asked for something that makes no sense
  invalid_data,        // input (a file, a body) is malformed or corrupt
  io,                  // the operating system refused a read, write, map...
  not_found,           // a named file, key, tensor or model does not exist
  unsupported,         // well-formed, but not something hearth can handle yet
  resource_exhausted,  // a size or memory limit would be exceeded
  internal,            // a broken invariant inside hearth
};

std::string_view error_kind_name(ErrorKind kind) noexcept;

class Error : public std::exception {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  ErrorKind kind() const noexcept { return kind_; }
  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& message() const noexcept { return message_; }

 private:
  ErrorKind kind_;
  std::string message_;
};

// Formats the message with fmt and throws. Keeps call sites to one line.
template <typename... Args>
[[noreturn]] void raise(ErrorKind kind, fmt::format_string<Args...> format, Args&&... args) {
  throw Error(kind, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace hearth
