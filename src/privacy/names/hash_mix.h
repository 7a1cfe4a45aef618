// The one 64-bit finalizer behind every hash of the name recognizer: token
// and phrase hashes (gazetteer, held-out split) and feature hashes. It is
// part of the model format: the model stores feature hashes, so changing it
// means retraining.
#pragma once

#include <cstdint>

namespace hearth::privacy::names {

// The splitmix64 finalizer: spreads weak low bits (FNV's, small integers)
// over the whole word.
constexpr std::uint64_t mix_hash(std::uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31;
  return value;
}

}  // namespace hearth::privacy::names
