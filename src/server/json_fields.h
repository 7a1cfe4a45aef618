// Reading a request body's JSON fields the way OpenAI validates them: a
// wrong type or an out-of-range value is a 400 naming the field; null means
// absent; a field nobody reads is "Unrecognized request argument supplied".
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace hearth::server {

using Json = nlohmann::ordered_json;

// Parses a request body. Throws ApiError 400 when it is not JSON, not an
// object, or nested deeper than 64 levels (so nothing downstream recurses
// without bound).
Json parse_body(std::string_view body);

class FieldReader {
 public:
  // `object` must outlive the reader. `prefix` names nested fields
  // ("stream_options.").
  explicit FieldReader(const Json& object, std::string prefix = {});

  // The value, or nullptr when absent or null. Marks the field as read.
  const Json* find(std::string_view name);
  const Json& require(std::string_view name);  // 400 "... is a required property"

  std::optional<std::string> string(std::string_view name);
  std::string required_string(std::string_view name);
  std::optional<bool> boolean(std::string_view name);
  std::optional<double> number(std::string_view name, double min, double max);
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max);
  // Accepted and deliberately without effect here.
  void ignore(std::string_view name) { find(name); }

  // 400 for the first field that was never read.
  void reject_unknown() const;

  std::string path(std::string_view name) const { return prefix_ + std::string(name); }

 private:
  const Json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> read_;
};

// A JSON value's type as OpenAI's messages name it ("a string", "an integer").
std::string_view json_type_name(const Json& value);

}  // namespace hearth::server
