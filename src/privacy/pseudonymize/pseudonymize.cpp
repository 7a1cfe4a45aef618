#include "hearth/privacy/pseudonymize.h"

#include "hearth/util/error.h"
#include "keyed_hash.h"
#include "mask.h"

namespace hearth::privacy {
namespace {

void check_findings(std::string_view text, std::span<const Finding> findings) {
  std::size_t previous_end = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    if (finding.byte_begin >= finding.byte_end || finding.byte_end > text.size()) {
      raise(ErrorKind::invalid_argument,
            "finding {} spans bytes [{}, {}), which is not a non-empty span of the {}-byte text", i,
            finding.byte_begin, finding.byte_end, text.size());
    }
    if (finding.byte_begin < previous_end) {
      raise(ErrorKind::invalid_argument,
            "finding {} starts at byte {}, before the previous one ends at {}: findings must be "
            "in text order and must not overlap",
            i, finding.byte_begin, previous_end);
    }
    previous_end = finding.byte_end;
  }
}

// Checked before anything is replaced, so a refused call adds nothing to the
// vault.
void check_hash_key(std::span<const Finding> findings, const Policy& policy) {
  if (!policy.hash_key().empty()) return;
  for (const Finding& finding : findings) {
    if (policy.operator_for(finding.type) == Operator::hash) {
      raise(ErrorKind::invalid_argument, "the policy hashes {} values but has no hash key",
            entity_type_name(finding.type));
    }
  }
}

// The text after a dropped value, less its leading space when the output
// already ends in one: a value dropped between two spaces leaves one.
std::string_view without_doubled_space(std::string_view following, const std::string& output) {
  if (!following.empty() && following.front() == ' ' && !output.empty() && output.back() == ' ') {
    following.remove_prefix(1);
  }
  return following;
}

}  // namespace

Pseudonymized pseudonymize(std::string_view text, std::span<const Finding> findings,
                           const Policy& policy, Vault& vault) {
  check_findings(text, findings);
  check_hash_key(findings, policy);
  Pseudonymized result;
  result.text.reserve(text.size());
  std::size_t copied_up_to = 0;
  bool after_drop = false;

  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    const std::string_view gap = text.substr(copied_up_to, finding.byte_begin - copied_up_to);
    result.text += after_drop ? without_doubled_space(gap, result.text) : gap;
    copied_up_to = finding.byte_end;
    after_drop = false;

    // The span, not Finding::text, is what the text holds there.
    const std::string_view value =
        text.substr(finding.byte_begin, finding.byte_end - finding.byte_begin);
    const std::string_view canonical = finding.normalized.empty() ? value : finding.normalized;
    const Operator op = policy.operator_for(finding.type);
    const std::size_t output_begin = result.text.size();
    switch (op) {
      case Operator::allow:
        result.text += value;
        continue;  // allowed values are not replacements
      case Operator::placeholder:
        result.text += vault.placeholder_for(finding.type, value, finding.normalized);
        break;
      case Operator::mask:
        result.text += mask_value(finding.type, value);
        break;
      case Operator::hash:
        result.text += keyed_hash_token(finding.type, canonical, policy.hash_key());
        break;
      case Operator::drop:
        after_drop = true;
        break;
    }
    result.replacements.push_back({i, op, output_begin, result.text.size()});
  }

  const std::string_view tail = text.substr(copied_up_to);
  result.text += after_drop ? without_doubled_space(tail, result.text) : tail;
  return result;
}

}  // namespace hearth::privacy
