// The deployment's deny list: values reported wherever they occur, as whole
// words, whatever the recognizers think of them. One Hyperscan literal
// database finds all of them in one pass, so a list of thousands of names
// costs about as much as a list of one.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "detection.h"
#include "hearth/privacy/scanner.h"

namespace hearth::privacy {

class DenyListMatcher {
 public:
  // Throws Error(invalid_argument) for an empty value.
  explicit DenyListMatcher(std::span<const DenyListEntry> entries);
  ~DenyListMatcher();
  DenyListMatcher(DenyListMatcher&&) noexcept;
  DenyListMatcher& operator=(DenyListMatcher&&) noexcept;

  // Appends a confidence-1 detection for every whole-word occurrence.
  void find(std::string_view text, Detections& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::privacy
