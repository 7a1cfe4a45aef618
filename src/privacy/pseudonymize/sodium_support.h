// What this module needs around libsodium's calls: the library initialized
// once per process, and secrets wiped from memory when they are done with.
#pragma once

#include <string>
#include <utility>

namespace hearth::privacy {

// Initializes libsodium on first use; safe from any thread. Throws
// Error(internal) when libsodium cannot start (no entropy source).
void ensure_sodium_ready();

// Overwrites the bytes of s in a way the compiler cannot elide. Only the
// bytes s holds now are reached, not copies a reallocation left behind.
void wipe(std::string& s) noexcept;

// A string that is wiped when it goes away: serialized vaults, derived keys.
class WipedString {
 public:
  WipedString() = default;
  explicit WipedString(std::string value) : value_(std::move(value)) {}
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  ~WipedString() { wipe(value_); }

  std::string& get() noexcept { return value_; }
  const std::string& get() const noexcept { return value_; }

 private:
  std::string value_;
};

}  // namespace hearth::privacy
