// Python's two ways of formatting values into text: "%s: %d" % (a, b) (also
// the `format` filter) and "{}: {:>4}".format(a, b).
#pragma once

#include <string>
#include <string_view>

#include "arguments.h"
#include "render_budget.h"
#include "value.h"

namespace hearth::chat::jinja {

// format % arguments: a tuple supplies positional values, a dict named ones
// ("%(name)s"), anything else is the one value; a dict, list or undefined
// value may go unused, as in Python. Supports the conversions
// s r a d i u o x X e E f F g G c and the flags, width and precision Python
// does. Throws Error(invalid_argument) with Python's message for a bad
// format or argument count.
std::string percent_format(std::string_view format, const Value& arguments, RenderBudget& budget);

// format.format(*positional, **keywords): automatic and numbered fields,
// named fields, .attribute and [index] lookups, !r / !s / !a, and Python's
// format specification mini-language.
std::string brace_format(std::string_view format, const Arguments& arguments, RenderBudget& budget);

}  // namespace hearth::chat::jinja
