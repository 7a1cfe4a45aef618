#include "hearth/util/error.h"

namespace hearth {

std::string_view error_kind_name(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_argument:
      return "invalid argument";
    case ErrorKind::invalid_data:
      return "invalid data";
    case ErrorKind::io:
      return "i/o error";
    case ErrorKind::not_found:
      return "not found";
    case ErrorKind::unsupported:
      return "unsupported";
    case ErrorKind::resource_exhausted:
      return "resource exhausted";
    case ErrorKind::internal:
      return "internal error";
  }
  return "unknown error";
}

}  // namespace hearth
