#include "sodium_support.h"

#include <sodium.h>

#include "hearth/util/error.h"

namespace hearth::privacy {

void ensure_sodium_ready() {
  // A function-local static is initialized exactly once, even when several
  // threads get here first at the same time.
  static const int status = sodium_init();
  if (status < 0) raise(ErrorKind::internal, "libsodium could not be initialized");
}

void wipe(std::string& s) noexcept {
  sodium_memzero(s.data(), s.size());
}

}  // namespace hearth::privacy
