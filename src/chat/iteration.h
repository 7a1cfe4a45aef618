// Python's iter() over a template value.
#pragma once

#include <vector>

#include "render_budget.h"
#include "value.h"

namespace hearth::chat::jinja {

// The items a for loop or a filter sees: a list's or tuple's items, a dict's
// keys, a string's characters, an iterator's remaining items (consuming
// them); nothing for an undefined value (jinja2's Undefined iterates as
// empty). Charges the items to `budget`. Throws
// Error(invalid_argument) "'int' object is not iterable" for anything else.
std::vector<Value> iterate(const Value& value, RenderBudget& budget);

bool is_iterable(const Value& value) noexcept;

}  // namespace hearth::chat::jinja
