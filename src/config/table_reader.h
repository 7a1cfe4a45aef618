// Typed reads of one TOML table's keys, with the checks and messages every
// section shares. A key that is absent leaves the value it would set as it
// was: the defaults are the configuration structs' own.
//
// The reader remembers every key it was asked about; finish() then refuses
// any other key in the table as unknown, suggesting the closest known one.
#pragma once

#include <fmt/format.h>
#include <toml++/toml.h>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config_error.h"

namespace hearth::config::detail {

// What a duration may be: at least `min`, at most `max`.
struct DurationRange {
  std::chrono::milliseconds min{0};
  std::chrono::milliseconds max{std::chrono::hours(24 * 365)};
};

class TableReader {
 public:
  // `context` names the table in messages ("unknown key `x` in CONTEXT"):
  // "[server]", "[[models]]", "the top-level table".
  TableReader(const toml::table& table, std::string context);

  const toml::table& table() const noexcept { return table_; }
  const std::string& context() const noexcept { return context_; }

  // The key's value, nullptr when absent. Marks the key known.
  const toml::node* find(std::string_view key);

  // A non-empty string.
  void read(std::string_view key, std::string& out);
  std::string required_string(std::string_view key);
  void read(std::string_view key, bool& out);
  template <std::integral T>
  void read(std::string_view key, T& out, T min, T max);
  // An integer or a float.
  void read(std::string_view key, double& out, double min, double max);
  void read(std::string_view key, float& out, float min, float max);
  // A duration string ("30s") or a number of seconds.
  void read_duration(std::string_view key, std::chrono::milliseconds& out,
                     DurationRange range = {});
  // A size string ("8MiB") or a number of bytes, at least `min`.
  std::optional<std::uint64_t> read_size(std::string_view key, std::uint64_t min = 0);
  // An array of non-empty strings.
  void read(std::string_view key, std::vector<std::string>& out);

  // A sub-table, nullptr when absent.
  const toml::table* subtable(std::string_view key);
  // An array of tables ([[key]] or key = [{...}]); empty when absent.
  // `header` is how the array is written, for the message: "[[models]]".
  std::vector<const toml::table*> tables(std::string_view key, std::string_view header);

  // The value of the environment variable a key names, with the key's
  // position in the message when it is unset or empty.
  template <typename Environment>
  std::optional<std::string> read_environment(std::string_view key, const Environment& env);

  // Throws for a required key that is absent, at the table's position.
  [[noreturn]] void fail_missing(std::string_view key) const;
  // Throws at the key's value.
  [[noreturn]] void fail_value(std::string_view key, std::string_view message) const;

  // Refuses every key of the table that was not asked about.
  void finish() const;

 private:
  const toml::node& present(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);

  const toml::table& table_;
  std::string context_;
  std::vector<std::string> known_;
};

template <std::integral T>
void TableReader::read(std::string_view key, T& out, T min, T max) {
  if (std::optional<std::int64_t> value =
          integer(key, static_cast<std::int64_t>(min), static_cast<std::int64_t>(max))) {
    out = static_cast<T>(*value);
  }
}

template <typename Environment>
std::optional<std::string> TableReader::read_environment(std::string_view key,
                                                         const Environment& env) {
  std::string name;
  read(key, name);
  if (name.empty()) return std::nullopt;
  std::optional<std::string> value = env(name);
  if (!value || value->empty()) {
    fail_value(key, fmt::format("the environment variable `{}` named by `{}` is {}", name, key,
                                value ? "empty" : "not set"));
  }
  return value;
}

}  // namespace hearth::config::detail
