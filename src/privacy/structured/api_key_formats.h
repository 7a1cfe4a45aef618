// API keys that announce themselves by a documented prefix and shape. Each
// format has a Hyperscan anchor (the prefix and the shortest body) and the
// rules for the whole key, which validation checks after extending the
// anchor over the key's alphabet.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

struct ApiKeyFormat {
  std::string_view recognizer;      // e.g. "github_token"; static storage
  std::string_view expression;      // Hyperscan pattern for the anchor, reported with its start
  std::string_view extra_alphabet;  // key bytes besides ASCII letters and digits
  std::size_t min_length;           // of the whole key, prefix included
  std::size_t max_length;
  std::size_t prefix_length;  // bytes before the random body, for the documentation checks
  float confidence;
  // Shapes that are only a key when a context word ("twilio", "sid") is near.
  bool needs_context = false;
  // Client secrets, webhook signing secrets and session-like tokens are
  // SECRET in the taxonomy even where their shape is documented.
  EntityType reported_as = EntityType::api_key;
};

std::span<const ApiKeyFormat> api_key_formats();

}  // namespace hearth::privacy::structured
