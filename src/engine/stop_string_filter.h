// Holds back generated text that might still turn into a stop string
// (shared by generate() and the scheduler).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::engine {

// Text released to the caller only once it can no longer turn into a stop
// string: the finished text is `released + held`.
class StopStringFilter {
 public:
  explicit StopStringFilter(const std::vector<std::string>& stops) : stops_(stops) {}

  // Adds text; returns true when a stop string is now complete, in which case
  // the text from it on is discarded.
  bool add(std::string_view text) {
    held_.append(text);
    std::size_t earliest = std::string::npos;
    for (const std::string& stop : stops_) {
      if (stop.empty()) continue;
      const std::size_t at = held_.find(stop);
      if (at != std::string::npos) earliest = std::min(earliest, at);
    }
    if (earliest == std::string::npos) return false;
    held_.resize(earliest);
    return true;
  }

  // The text that can be released now: everything but the longest tail that
  // is a proper prefix of a stop string. With `all`, everything.
  std::string release(bool all) {
    std::size_t keep = 0;
    if (!all) {
      for (const std::string& stop : stops_) {
        const std::size_t limit = std::min(stop.size() - (stop.empty() ? 0 : 1), held_.size());
        for (std::size_t length = limit; length > keep; --length) {
          if (held_.compare(held_.size() - length, length, stop, 0, length) == 0) {
            keep = length;
            break;
          }
        }
      }
    }
    std::string out = held_.substr(0, held_.size() - keep);
    held_.erase(0, held_.size() - keep);
    return out;
  }

 private:
  const std::vector<std::string>& stops_;
  std::string held_;
};

}  // namespace hearth::engine
