// Parses a Jinja template into statements, with jinja2's grammar and operator
// precedence (filters bind tighter than arithmetic, `**` is left-associative,
// `-x|f` is `(-x)|f`).
#pragma once

#include <string_view>

#include "ast.h"

namespace hearth::chat::jinja {

// Expressions and statements nested deeper than this are refused: parsing
// and evaluation recurse once per level.
inline constexpr int kMaxSyntaxDepth = 128;

// Throws Error(invalid_data) "template line N: ..." for a syntax error, or an
// unknown filter or test outside an if (jinja2 checks those at compile time);
// Error(unsupported) for tags hearth does not implement (extends, include,
// import, block, recursive loops).
Body parse_template(std::string_view source);

}  // namespace hearth::chat::jinja
