#include <cstddef>

#include "hearth/privacy/pseudonymize.h"
#include "placeholder.h"

namespace hearth::privacy {
namespace {

// Appends text with the vault's placeholders restored to out, in one
// left-to-right pass: restored values are never read again, so a value that
// itself looks like a placeholder stays as it is. When more text may follow
// (at_end false), stops at a '<' that could still begin a placeholder and
// returns its offset; otherwise consumes everything and returns text.size().
std::size_t restore_into(std::string& out, std::string_view text, const Vault& vault, bool at_end) {
  // A vault of n entries numbers no placeholder past n, so larger numbers
  // cannot be its own and need not be waited for.
  const std::size_t max_number = vault.size();
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('<', at);
    if (open == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const PlaceholderCandidate candidate = read_placeholder(text.substr(open), max_number);
    if (candidate.scan == PlaceholderScan::incomplete && !at_end) return open;
    if (candidate.scan == PlaceholderScan::found) {
      if (const auto value = vault.value_of(candidate.canonical)) {
        out.append(*value);
        at = open + candidate.length;
        continue;
      }
    }
    out += '<';
    at = open + 1;
  }
  if (at < text.size()) out.append(text.substr(at));
  return text.size();
}

}  // namespace

std::string restore(std::string_view text, const Vault& vault) {
  std::string out;
  out.reserve(text.size());
  restore_into(out, text, vault, true);
  return out;
}

StreamRestorer::StreamRestorer(const Vault& vault) : vault_(&vault) {}

std::string StreamRestorer::push(std::string_view chunk) {
  pending_.append(chunk);
  std::string out;
  out.reserve(pending_.size());
  const std::size_t held_from = restore_into(out, pending_, *vault_, false);
  pending_.erase(0, held_from);
  return out;
}

std::string StreamRestorer::finish() {
  std::string out = restore(pending_, *vault_);
  pending_.clear();
  return out;
}

}  // namespace hearth::privacy
