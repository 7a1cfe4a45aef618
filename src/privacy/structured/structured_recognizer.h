// Structured identifiers and secrets: one Hyperscan database compiled from
// every pattern, one pass over the text, and a validator run only on the
// candidates it reports (Luhn, mod-97, libphonenumber, ...). Context words
// near a candidate raise or lower its confidence.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy {

struct StructuredOptions {
  // Region assumed for phone numbers written without a country code
  // (ISO 3166 alpha-2, e.g. "US", "GB", "DE").
  std::string default_region = "US";
};

class StructuredRecognizer {
 public:
  explicit StructuredRecognizer(StructuredOptions options = {});
  ~StructuredRecognizer();
  StructuredRecognizer(StructuredRecognizer&&) noexcept;
  StructuredRecognizer& operator=(StructuredRecognizer&&) noexcept;

  // Appends every validated candidate in text to out. Candidates may overlap
  // (the scanner resolves that). Thread-safe: any number of threads may call
  // find on one recognizer at once. Any bytes are accepted (invalid UTF-8,
  // NUL, megabytes).
  void find(std::string_view text, Detections& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::privacy
