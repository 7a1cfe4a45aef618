// The placeholder format: written by the vault (<PERSON_1>) and read back by
// restoration in the forms models return it in (<person_1>, < PERSON_1 >).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hearth/privacy/entity.h"

namespace hearth::privacy {

// Spaces tolerated just inside each bracket. A bound is what lets a stream
// hold back only a few bytes while it waits for a placeholder to complete.
inline constexpr std::size_t kMaxPlaceholderSpaces = 2;

// <TYPE_N>: the type's entity_type_name and a number from 1.
std::string format_placeholder(EntityType type, std::size_t number);

enum class PlaceholderScan : unsigned char {
  none,        // what follows the '<' can never be a placeholder
  incomplete,  // the text ends while it could still become one
  found,
};

struct PlaceholderCandidate {
  PlaceholderScan scan = PlaceholderScan::none;
  std::size_t length = 0;  // bytes the candidate spans in the text, when found
  std::string canonical;   // its issued spelling, "<PERSON_1>", when found
};

// Reads the placeholder-shaped text at the start of `text`, which begins
// with '<': '<', up to kMaxPlaceholderSpaces spaces, a type name in any
// letter case, '_', a number from 1 to max_number without leading zeros, up
// to kMaxPlaceholderSpaces spaces, '>'. Whether the vault issued it is the
// caller's question. The verdict depends only on the bytes read, so a
// stream asking about a prefix gets `incomplete` or the final answer.
PlaceholderCandidate read_placeholder(std::string_view text, std::size_t max_number);

}  // namespace hearth::privacy
