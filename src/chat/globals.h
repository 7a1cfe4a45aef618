// The functions a template can call by name: jinja2's range, dict,
// namespace and joiner, and Hugging Face's raise_exception and strftime_now.
#pragma once

#include "scope.h"

namespace hearth::chat::jinja {

void install_globals(Scope& scope);

}  // namespace hearth::chat::jinja
