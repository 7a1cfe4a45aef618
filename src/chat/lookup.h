// Taking an attribute, an item or a slice of a template value, with the
// rules of jinja2's sandboxed environment.
//
// `a.b` tries an attribute first (a method of str, dict or list, a
// namespace's attribute, a property of `loop`) and then an item; `a['b']`
// tries the item first. What neither finds is undefined, with jinja2's
// message for when it is used ("'dict object' has no attribute 'x'"). The
// methods that would modify a list or dict are undefined too, as the
// immutable sandbox makes them: calling one fails. Only an undefined `a`
// fails at once, as jinja2's Undefined does.
#pragma once

#include <string_view>

#include "value.h"

namespace hearth::chat::jinja {

Value get_attribute(const Value& object, std::string_view name);
Value get_item(const Value& object, const Value& key);

// object[start:stop:step] with Python's slice rules; none for an absent part.
// Throws Error(invalid_argument) for a zero step.
Value get_slice(const Value& object, const Value& start, const Value& stop, const Value& step);

}  // namespace hearth::chat::jinja
