// An Error that names the template line it happened on.
#pragma once

#include <fmt/format.h>

#include "hearth/util/error.h"

namespace hearth::chat::jinja {

// The innermost expression or statement that fails prefixes its line; the
// ones around it see a LocatedError and pass it on unchanged.
class LocatedError : public Error {
 public:
  LocatedError(const Error& error, int line)
      : Error(error.kind(), fmt::format("template line {}: {}", line, error.message())) {}
};

}  // namespace hearth::chat::jinja
