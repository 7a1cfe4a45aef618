// The hash operator: a keyed, irreversible stand-in for a value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hearth/privacy/entity.h"

namespace hearth::privacy {

// Number of hex digits of the HMAC-SHA-256 kept in the token: 64 bits, far
// beyond any conversation's count of values yet short enough for a prompt.
inline constexpr std::size_t kKeyedHashHexDigits = 16;

// <EMAIL:3f9a1c2b7d4e5f60>: the first 8 bytes, in hex, of
// HMAC-SHA-256(key, TYPE || 0x00 || canonical), TYPE being the
// entity_type_name. The same key, type and value always give the same token.
// An empty key would make the token an unkeyed, guessable digest: callers
// refuse it first (Policy::from_json, pseudonymize).
std::string keyed_hash_token(EntityType type, std::string_view canonical, std::string_view key);

}  // namespace hearth::privacy
