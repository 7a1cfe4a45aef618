#include "overlap_resolution.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <numeric>

namespace hearth::privacy {

Detections resolve_overlaps(Detections detections) {
  // Ranks indices rather than the detections themselves: a detection carries
  // a string, and the ranking is only needed to decide which to keep.
  std::vector<std::size_t> ranked(detections.size());
  std::iota(ranked.begin(), ranked.end(), std::size_t{0});
  std::sort(ranked.begin(), ranked.end(), [&](std::size_t a_index, std::size_t b_index) {
    const Detection& a = detections[a_index];
    const Detection& b = detections[b_index];
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    const std::size_t a_length = a.end - a.begin;
    const std::size_t b_length = b.end - b.begin;
    if (a_length != b_length) return a_length > b_length;
    if (a.begin != b.begin) return a.begin < b.begin;
    return a_index < b_index;
  });

  // Accepted spans by their begin, with their end and index. They never
  // overlap one another, so their ends are in the same order as their begins,
  // and the only accepted span a new one can overlap is the last one that
  // starts before the new one ends. In begin order, they are also the answer.
  struct Accepted {
    std::size_t end;
    std::size_t index;
  };
  std::map<std::size_t, Accepted> accepted;
  for (const std::size_t index : ranked) {
    const Detection& detection = detections[index];
    if (detection.begin >= detection.end) continue;
    auto after = accepted.lower_bound(detection.end);
    if (after != accepted.begin() && std::prev(after)->second.end > detection.begin) continue;
    accepted.emplace(detection.begin, Accepted{detection.end, index});
  }

  Detections kept;
  kept.reserve(accepted.size());
  for (const auto& [begin, span] : accepted) kept.push_back(std::move(detections[span.index]));
  return kept;
}

}  // namespace hearth::privacy
