// What to do with each kind of finding before text leaves the machine.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "hearth/privacy/entity.h"

namespace hearth::privacy {

enum class Operator : std::uint8_t {
  placeholder,  // <PERSON_1>: reversible through the conversation's vault
  mask,         // every character but the separators replaced by '*' (cards keep the last 4)
  hash,         // <PERSON:3f9a1c2b...>: keyed hash (HMAC-SHA-256), irreversible, stable across
                // conversations with the same key
  drop,         // removed
  allow,        // left as it is
};

std::string_view operator_name(Operator op) noexcept;

class Policy {
 public:
  // Every type gets a placeholder.
  Policy();

  Operator operator_for(EntityType type) const noexcept;
  void set(EntityType type, Operator op) noexcept;
  void set_all(Operator op) noexcept;

  // The key of the hash operator; required when any type uses hash.
  const std::string& hash_key() const noexcept { return hash_key_; }
  void set_hash_key(std::string key) { hash_key_ = std::move(key); }

  // A policy file (JSON):
  //   {"default": "placeholder",
  //    "entities": {"EMAIL": "mask", "URL": "allow", "PERSON": "hash"},
  //    "hash_key": "..."}
  // Unknown keys, types or operators are errors (Error(invalid_data)) naming
  // what was wrong; so is hash without a key.
  static Policy from_json(std::string_view json);

 private:
  std::array<Operator, kEntityTypeCount> operators_;
  std::string hash_key_;
};

}  // namespace hearth::privacy
