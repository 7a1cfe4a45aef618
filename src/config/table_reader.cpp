#include "table_reader.h"

#include <algorithm>
#include <cmath>

#include "suggestion.h"
#include "value_text.h"

namespace hearth::config::detail {
namespace {

// fmt's shortest form keeps 1e+06 for a million; bounds read better in full.
std::string bound_text(double bound) {
  if (bound == std::floor(bound) && std::fabs(bound) < 1e15) {
    return fmt::format("{}", static_cast<std::int64_t>(bound));
  }
  return fmt::format("{}", bound);
}

std::string duration_text(std::chrono::milliseconds duration) {
  const std::int64_t ms = duration.count();
  if (ms != 0 && ms % 86'400'000 == 0) return fmt::format("{}d", ms / 86'400'000);
  if (ms != 0 && ms % 3'600'000 == 0) return fmt::format("{}h", ms / 3'600'000);
  if (ms != 0 && ms % 60'000 == 0) return fmt::format("{}m", ms / 60'000);
  if (ms % 1'000 == 0) return fmt::format("{}s", ms / 1'000);
  return fmt::format("{}ms", ms);
}

}  // namespace

TableReader::TableReader(const toml::table& table, std::string context)
    : table_(table), context_(std::move(context)) {}

const toml::node* TableReader::find(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  return table_.get(key);
}

const toml::node& TableReader::present(std::string_view key) const {
  return *table_.get(key);
}

void TableReader::fail_missing(std::string_view key) const {
  fail_at(table_.source(), fmt::format("missing required key `{}` in {}", key, context_));
}

void TableReader::fail_value(std::string_view key, std::string_view message) const {
  fail_at(present(key).source(), message);
}

void TableReader::read(std::string_view key, std::string& out) {
  const toml::node* node = find(key);
  if (node == nullptr) return;
  const toml::value<std::string>* value = node->as_string();
  if (value == nullptr) fail_value(key, fmt::format("`{}` must be a string", key));
  if (value->get().empty()) fail_value(key, fmt::format("`{}` must not be empty", key));
  out = value->get();
}

std::string TableReader::required_string(std::string_view key) {
  std::string value;
  read(key, value);
  if (value.empty()) fail_missing(key);
  return value;
}

void TableReader::read(std::string_view key, bool& out) {
  const toml::node* node = find(key);
  if (node == nullptr) return;
  const toml::value<bool>* value = node->as_boolean();
  if (value == nullptr) fail_value(key, fmt::format("`{}` must be true or false", key));
  out = value->get();
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const toml::value<std::int64_t>* value = node->as_integer();
  if (value == nullptr || value->get() < min || value->get() > max) {
    fail_value(key, fmt::format("`{}` must be an integer between {} and {}", key, min, max));
  }
  return value->get();
}

void TableReader::read(std::string_view key, double& out, double min, double max) {
  const toml::node* node = find(key);
  if (node == nullptr) return;
  std::optional<double> value;
  if (const toml::value<double>* floating = node->as_floating_point()) value = floating->get();
  if (const toml::value<std::int64_t>* integral = node->as_integer()) {
    value = static_cast<double>(integral->get());
  }
  if (!value || !(*value >= min && *value <= max)) {
    fail_value(key, fmt::format("`{}` must be a number between {} and {}", key, bound_text(min),
                                bound_text(max)));
  }
  out = *value;
}

void TableReader::read(std::string_view key, float& out, float min, float max) {
  double value = out;
  read(key, value, min, max);
  out = static_cast<float>(value);
}

void TableReader::read_duration(std::string_view key, std::chrono::milliseconds& out,
                                DurationRange range) {
  const toml::node* node = find(key);
  if (node == nullptr) return;
  std::optional<double> milliseconds;
  if (const toml::value<std::string>* text = node->as_string()) {
    milliseconds = parse_duration_text(text->get());
  } else if (const toml::value<std::int64_t>* seconds = node->as_integer()) {
    milliseconds = static_cast<double>(seconds->get()) * 1e3;
  } else if (const toml::value<double>* fractional = node->as_floating_point()) {
    milliseconds = fractional->get() * 1e3;
  }
  if (!milliseconds) {
    fail_value(key, fmt::format("`{}` must be a duration such as \"500ms\", \"30s\", \"10m\", "
                                "\"2h\" or a number of seconds",
                                key));
  }
  const double rounded = std::round(*milliseconds);
  if (!(rounded >= static_cast<double>(range.min.count()) &&
        rounded <= static_cast<double>(range.max.count()))) {
    fail_value(key, fmt::format("`{}` must be between {} and {}", key, duration_text(range.min),
                                duration_text(range.max)));
  }
  out = std::chrono::milliseconds(static_cast<std::int64_t>(rounded));
}

std::optional<std::uint64_t> TableReader::read_size(std::string_view key, std::uint64_t min) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  std::optional<double> bytes;
  if (const toml::value<std::string>* text = node->as_string()) {
    bytes = parse_size_text(text->get());
  } else if (const toml::value<std::int64_t>* integral = node->as_integer()) {
    if (integral->get() >= 0) bytes = static_cast<double>(integral->get());
  }
  if (!bytes) {
    fail_value(key, fmt::format("`{}` must be a size such as \"512KiB\", \"8MiB\", \"2GiB\" or "
                                "a number of bytes",
                                key));
  }
  // 2^62 bytes is more than any machine has, and keeps the cast exact.
  constexpr double kLargest = 4611686018427387904.0;
  const double whole = std::floor(*bytes);
  if (whole < static_cast<double>(min)) {
    fail_value(key, fmt::format("`{}` must be at least {} bytes", key, min));
  }
  if (whole > kLargest) fail_value(key, fmt::format("`{}` is too large", key));
  return static_cast<std::uint64_t>(whole);
}

void TableReader::read(std::string_view key, std::vector<std::string>& out) {
  const toml::node* node = find(key);
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array == nullptr) fail_value(key, fmt::format("`{}` must be an array of strings", key));
  std::vector<std::string> values;
  for (const toml::node& element : *array) {
    const toml::value<std::string>* text = element.as_string();
    if (text == nullptr) {
      fail_at(element.source(), fmt::format("`{}` must be an array of strings", key));
    }
    if (text->get().empty()) {
      fail_at(element.source(), fmt::format("`{}` holds an empty string", key));
    }
    values.push_back(text->get());
  }
  out = std::move(values);
}

const toml::table* TableReader::subtable(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) return nullptr;
  const toml::table* table = node->as_table();
  if (table == nullptr) fail_value(key, fmt::format("`{}` must be a table", key));
  return table;
}

std::vector<const toml::table*> TableReader::tables(std::string_view key, std::string_view header) {
  const toml::node* node = find(key);
  if (node == nullptr) return {};
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    fail_value(key, fmt::format("`{}` must be an array of tables ({})", key, header));
  }
  std::vector<const toml::table*> tables;
  for (const toml::node& element : *array) {
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      fail_at(element.source(), fmt::format("`{}` must be an array of tables ({})", key, header));
    }
    tables.push_back(table);
  }
  return tables;
}

void TableReader::finish() const {
  for (const auto& [key, node] : table_) {
    if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
    fail_at(key.source(), fmt::format("unknown key `{}` in {}{}", key.str(), context_,
                                      did_you_mean(key.str(), known_)));
  }
}

}  // namespace hearth::config::detail
