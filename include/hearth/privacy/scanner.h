// The privacy scanner: finds sensitive data in text, locally.
//
//   hearth::privacy::Scanner scanner;
//   for (const Finding& f : scanner.scan(text)) ...
//
// Structured identifiers and secrets come from one Hyperscan pass plus
// validators; names of people, organizations, places and street addresses
// from a small learned tagger combined with rules. Overlapping findings are
// resolved to one (higher confidence, then the longer span).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/privacy/entity.h"

namespace hearth::privacy {

// The largest text one scan accepts; longer input is refused with
// Error(resource_exhausted) (split it, e.g. by paragraph, and scan the parts).
inline constexpr std::size_t kMaxScanBytes = std::size_t{1} << 30;

struct DenyListEntry {
  std::string value;  // reported wherever it occurs (case-insensitive, whole words)
  EntityType type = EntityType::person;
};

struct ScannerOptions {
  bool detect_names = true;           // run the name tagger (the slower half)
  float min_confidence = 0.5f;        // findings below this are dropped
  std::string default_region = "US";  // for phone numbers without a country code
  // Values never reported, whatever recognizer finds them (exact match of
  // the finding's text, case-insensitive): a company's own name, a support
  // address that is public anyway.
  std::vector<std::string> allow_list;
  // Values always reported with confidence 1.
  std::vector<DenyListEntry> deny_list;
};

class Scanner {
 public:
  explicit Scanner(ScannerOptions options = {});
  ~Scanner();
  Scanner(Scanner&&) noexcept;
  Scanner& operator=(Scanner&&) noexcept;

  // Findings in text order, non-overlapping. Any bytes are accepted (invalid
  // UTF-8, NUL bytes, multi-megabyte inputs) up to kMaxScanBytes. Thread-safe.
  std::vector<Finding> scan(std::string_view text) const;

  const ScannerOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::privacy
