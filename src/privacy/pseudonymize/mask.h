// The mask operator: a value's shape without its content.
#pragma once

#include <string>
#include <string_view>

#include "hearth/privacy/entity.h"

namespace hearth::privacy {

// Replaces every character of value (a UTF-8 code point; each byte of an
// invalid sequence counts as one) by '*', except the separators that give a
// value its shape — ASCII whitespace and - . @ : / ( ) + — so that
// "jane.doe@example.com" becomes "****.***@*******.***". Card numbers and
// IBANs also keep their last four digits, the part people use to tell
// accounts apart: "4111 1111 1111 1234" becomes "**** **** **** 1234".
std::string mask_value(EntityType type, std::string_view value);

}  // namespace hearth::privacy
