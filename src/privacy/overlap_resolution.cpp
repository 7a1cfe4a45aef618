#include "overlap_resolution.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace hearth::privacy {

Detections resolve_overlaps(Detections detections) {
  std::sort(detections.begin(), detections.end(), [](const Detection& a, const Detection& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    const std::size_t a_length = a.end - a.begin;
    const std::size_t b_length = b.end - b.begin;
    if (a_length != b_length) return a_length > b_length;
    return a.begin < b.begin;
  });

  // Accepted spans by their begin. They never overlap one another, so their
  // ends are in the same order as their begins, and the only accepted span a
  // new one can overlap is the last one that starts before the new one ends.
  std::map<std::size_t, std::size_t> accepted;
  Detections kept;
  for (Detection& detection : detections) {
    if (detection.begin >= detection.end) continue;
    auto after = accepted.lower_bound(detection.end);
    if (after != accepted.begin() && std::prev(after)->second > detection.begin) continue;
    accepted.emplace(detection.begin, detection.end);
    kept.push_back(std::move(detection));
  }
  std::sort(kept.begin(), kept.end(),
            [](const Detection& a, const Detection& b) { return a.begin < b.begin; });
  return kept;
}

}  // namespace hearth::privacy
