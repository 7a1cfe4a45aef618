#include "keyed_hash.h"

#include <sodium.h>

#include <array>

#include "sodium_support.h"

namespace hearth::privacy {

std::string keyed_hash_token(EntityType type, std::string_view canonical, std::string_view key) {
  ensure_sodium_ready();
  const std::string_view name = entity_type_name(type);
  // The NUL keeps type and value apart: no type name contains one.
  constexpr unsigned char kSeparator = 0;

  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(name.data()),
                                name.size());
  crypto_auth_hmacsha256_update(&state, &kSeparator, 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(canonical.data()),
                                canonical.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);

  std::array<char, kKeyedHashHexDigits + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), kKeyedHashHexDigits / 2);
  std::string token;
  token.reserve(name.size() + kKeyedHashHexDigits + 3);
  token += '<';
  token += name;
  token += ':';
  token += hex.data();
  token += '>';
  return token;
}

}  // namespace hearth::privacy
