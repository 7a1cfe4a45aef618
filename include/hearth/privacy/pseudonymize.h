// Applying a policy to findings, and putting the original values back into
// what comes back.
//
// Restoration rule (documented in docs/privacy-pseudonymization.md): a placeholder is
// restored only when this conversation's vault issued it. Matching tolerates
// what models do to placeholders: any letter case (<person_1>) and spaces
// just inside the brackets (< PERSON_1 >). A placeholder the vault never
// issued — invented by the remote side, or with a number it altered — is
// left exactly as it arrived; it is never looked up anywhere else, so one
// conversation can never receive another's values.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/privacy/entity.h"
#include "hearth/privacy/policy.h"
#include "hearth/privacy/vault.h"

namespace hearth::privacy {

struct Replacement {
  std::size_t finding_index = 0;  // into the findings given to pseudonymize
  Operator op = Operator::placeholder;
  std::size_t output_begin = 0;  // byte span of the replacement in the output
  std::size_t output_end = 0;
};

struct Pseudonymized {
  std::string text;
  std::vector<Replacement> replacements;  // one per finding not allowed
};

// Replaces every finding in text according to policy. findings must be
// non-overlapping and in text order (as Scanner::scan returns them);
// placeholders are added to vault.
Pseudonymized pseudonymize(std::string_view text, std::span<const Finding> findings,
                           const Policy& policy, Vault& vault);

// Puts the vault's values back in place of its placeholders.
std::string restore(std::string_view text, const Vault& vault);

// Restoration over a stream of chunks, where a placeholder may be split
// across chunks: text that could still be the start of a placeholder is held
// back (at most the longest placeholder's length) until the next chunk or
// finish() decides. Concatenating push() results and finish() equals
// restore() of the concatenated chunks.
class StreamRestorer {
 public:
  explicit StreamRestorer(const Vault& vault);
  std::string push(std::string_view chunk);
  std::string finish();

 private:
  const Vault* vault_;
  std::string pending_;
};

}  // namespace hearth::privacy
