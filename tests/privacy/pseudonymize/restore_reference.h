// A slow, obvious restoration to check restore() against, and the random
// vaults and model-like texts both are fed.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hearth/privacy/vault.h"

namespace hearth::privacy::testing {

struct IssuedValue {
  std::string placeholder;  // "<PERSON_1>"
  std::string value;
};

// The restoration rule of pseudonymize.h read literally: at each position,
// every issued placeholder is tried in every spacing the rule allows, letter
// case ignored; the first that matches is replaced and the scan goes on
// after it; anything else is copied.
std::string naive_restore(std::string_view text, const std::vector<IssuedValue>& issued);

// A vault with a few values of several types, some of which look like
// placeholders themselves; issued lists what it handed out.
Vault random_vault(std::mt19937& random, std::vector<IssuedValue>& issued);

// Text as a model might return it: prose, the issued placeholders in altered
// case and spacing, invented and damaged placeholders, stray brackets,
// invalid UTF-8 and NUL bytes.
std::string random_model_text(std::mt19937& random, const std::vector<IssuedValue>& issued,
                              std::size_t pieces);

// Random cut points: sizes of consecutive chunks covering `length` bytes.
std::vector<std::size_t> random_chunk_sizes(std::mt19937& random, std::size_t length,
                                            std::size_t max_chunk);

}  // namespace hearth::privacy::testing
