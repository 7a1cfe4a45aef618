// Python's ==, < and hash equality for template values.
#pragma once

#include <string>

#include "value.h"

namespace hearth::chat::jinja {

// Python's a == b: numbers by value across bool, int and float; lists, tuples
// and dicts item by item (a list never equals a tuple); undefined equals
// undefined only; namespaces and callables by identity.
bool python_equal(const Value& a, const Value& b);

// Python's a < b. Throws Error(invalid_argument) for types Python cannot order
// ("'<' not supported between instances of 'str' and 'int'").
bool python_less(const Value& a, const Value& b);

// A text equal for exactly the values Python's dict and set treat as one key
// (1, 1.0 and True share one). Throws Error(invalid_argument) for lists and
// dicts, which are unhashable.
std::string hash_key(const Value& value);

}  // namespace hearth::chat::jinja
