// Reading the providers' JSON defensively: a field of the wrong type is a
// malformed answer (Error(invalid_data)), never a nlohmann exception.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::remote::detail {

// Parses `text` as a JSON object; Error(invalid_data) naming `what` when it
// is not one.
nlohmann::json parse_json_object(std::string_view text, std::string_view what);

// The member `key` of `object`, or nullptr when absent or null.
const nlohmann::json* find_member(const nlohmann::json& object, const std::string& key);

// A string member, nullopt when absent or null; another type is malformed.
std::optional<std::string> string_member(const nlohmann::json& object, const std::string& key);

// An object member, nullptr when absent or null; another type is malformed.
const nlohmann::json* object_member(const nlohmann::json& object, const std::string& key);

// An array member, nullptr when absent or null; another type is malformed.
const nlohmann::json* array_member(const nlohmann::json& object, const std::string& key);

// A token count: 0 when absent or null; else a non-negative integer.
std::uint64_t count_member(const nlohmann::json& object, const std::string& key);

// Serializes what hearth sends; text that is not valid UTF-8 is replaced
// (U+FFFD) rather than failing the request.
std::string dump_json(const nlohmann::json& value);
std::string dump_json(const nlohmann::ordered_json& value);

}  // namespace hearth::remote::detail
