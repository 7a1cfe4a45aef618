// Python's arithmetic, concatenation and membership for template values.
#pragma once

#include "ast.h"
#include "render_budget.h"
#include "value.h"

namespace hearth::chat::jinja {

// left op right as Python computes it: true division for `/`, floor division
// and a modulo with the divisor's sign, str and list repetition and
// concatenation, `%` formatting when `left` is a str; `~` joins str() of both.
// Throws Error(invalid_argument) with Python's message for unsupported
// operand types or a division by zero, Error(unsupported) for an integer
// result beyond 64 bits, and the undefined error for an undefined operand.
Value binary_operation(BinaryOperator op, const Value& left, const Value& right,
                       RenderBudget& budget);

// -value and +value.
Value unary_operation(UnaryOperator op, const Value& operand);

// Python's `item in container`.
bool contains(const Value& container, const Value& item, RenderBudget& budget);

}  // namespace hearth::chat::jinja
