// libFuzzer target for the privacy scanner and pseudonymizer. The input is
// the text itself. Every input must be handled without an exception, and
// what the API documents must hold:
// - findings are in text order, non-overlapping, inside the text, and their
//   text, character offsets and confidence agree with the input;
// - restoring the placeholder-redacted text gives the input back when the
//   input holds no '<' (which could spell a placeholder of its own), with
//   each value spelled as its first occurrence: values of one type with the
//   same canonical form share a placeholder ("Ann@x.io", "ann@x.io").
// privacy_tests links this file too and replays fuzz/corpus/privacy_scanner
// and fuzz/regressions/privacy_scanner through LLVMFuzzerTestOneInput.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hearth/privacy/pseudonymize.h"
#include "hearth/privacy/scanner.h"
#include "hearth/util/utf8.h"

namespace {

[[noreturn]] void fail(std::string_view what) {
  std::fprintf(stderr, "privacy_scanner_fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

std::size_t characters_in(std::string_view text) {
  std::size_t characters = 0;
  for (std::size_t at = 0; at < text.size(); ++characters) {
    const std::size_t length = hearth::valid_sequence_length(text, at);
    at += length == 0 ? 1 : length;
  }
  return characters;
}

void check_findings(std::string_view text, const std::vector<hearth::privacy::Finding>& findings) {
  std::size_t previous_end = 0;
  for (const hearth::privacy::Finding& finding : findings) {
    if (finding.byte_begin < previous_end) fail("findings overlap or are out of order");
    if (finding.byte_begin >= finding.byte_end || finding.byte_end > text.size()) {
      fail("a finding's span is empty or outside the text");
    }
    if (finding.text != text.substr(finding.byte_begin, finding.byte_end - finding.byte_begin)) {
      fail("a finding's text is not the text at its span");
    }
    if (!(finding.confidence >= 0 && finding.confidence <= 1)) fail("confidence outside 0..1");
    if (finding.recognizer.empty()) fail("a finding names no recognizer");
    // Spans may start inside a multi-byte character only if the recognizer
    // cut one; the character offsets must still be consistent with the bytes.
    if (finding.char_end < finding.char_begin ||
        finding.char_begin > characters_in(text.substr(0, finding.byte_begin)) ||
        finding.char_end > characters_in(text.substr(0, finding.byte_end))) {
      fail("character offsets disagree with byte offsets");
    }
    previous_end = finding.byte_end;
  }
}

// The text restore() must give back: the input with every value spelled as
// the first value of its type and canonical form (see
// docs/privacy-pseudonymization.md, "Placeholders").
std::string restored_text(std::string_view text,
                          const std::vector<hearth::privacy::Finding>& findings) {
  std::map<std::pair<hearth::privacy::EntityType, std::string>, std::string> first_spelling;
  std::string expected;
  std::size_t at = 0;
  for (const hearth::privacy::Finding& finding : findings) {
    expected += text.substr(at, finding.byte_begin - at);
    std::string canonical = finding.normalized.empty() ? finding.text : finding.normalized;
    expected += first_spelling.try_emplace({finding.type, std::move(canonical)}, finding.text)
                    .first->second;
    at = finding.byte_end;
  }
  expected += text.substr(at);
  return expected;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hearth::privacy::Scanner scanner;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<hearth::privacy::Finding> findings = scanner.scan(text);
  check_findings(text, findings);

  hearth::privacy::Vault vault;
  const hearth::privacy::Pseudonymized redacted =
      hearth::privacy::pseudonymize(text, findings, hearth::privacy::Policy(), vault);
  if (text.find('<') == std::string_view::npos &&
      hearth::privacy::restore(redacted.text, vault) != restored_text(text, findings)) {
    fail("restore(pseudonymize(text)) is not the text");
  }
  return 0;
}
