#include "overlap_resolution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace hearth::privacy {
namespace {

Detection detection(std::size_t begin, std::size_t end, float confidence) {
  return Detection{EntityType::person, begin, end, confidence, "test", {}};
}

// The simple reference: repeatedly take the strongest remaining detection and
// discard everything it overlaps.
Detections reference_resolve(Detections remaining) {
  Detections kept;
  const auto stronger = [](const Detection& a, const Detection& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.begin < b.begin;
  };
  std::erase_if(remaining, [](const Detection& d) { return d.begin >= d.end; });
  while (!remaining.empty()) {
    const auto best = std::min_element(remaining.begin(), remaining.end(), stronger);
    const Detection chosen = *best;
    kept.push_back(chosen);
    std::erase_if(remaining,
                  [&](const Detection& d) { return d.begin < chosen.end && chosen.begin < d.end; });
  }
  std::sort(kept.begin(), kept.end(),
            [](const Detection& a, const Detection& b) { return a.begin < b.begin; });
  return kept;
}

TEST(OverlapResolution, HigherConfidenceWins) {
  const Detections kept = resolve_overlaps({detection(0, 10, 0.6f), detection(5, 8, 0.9f)});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].begin, 5u);
}

TEST(OverlapResolution, LongerSpanBreaksTies) {
  const Detections kept = resolve_overlaps({detection(5, 8, 0.8f), detection(0, 10, 0.8f)});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].end, 10u);
}

TEST(OverlapResolution, AdjacentSpansBothStayInTextOrder) {
  const Detections kept = resolve_overlaps({detection(5, 9, 0.7f), detection(0, 5, 0.9f)});
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].begin, 0u);
  EXPECT_EQ(kept[1].begin, 5u);
}

TEST(OverlapResolution, EmptySpansAreDropped) {
  EXPECT_TRUE(resolve_overlaps({detection(3, 3, 1.0f)}).empty());
}

TEST(OverlapResolution, AgreesWithTheReferenceOnRandomSpans) {
  std::mt19937 random(7);
  for (int round = 0; round < 500; ++round) {
    Detections detections;
    const int count = static_cast<int>(random() % 30);
    for (int i = 0; i < count; ++i) {
      const std::size_t begin = random() % 100;
      const std::size_t end = begin + random() % 15;
      detections.push_back(detection(begin, end, static_cast<float>(random() % 5) / 4));
    }
    const Detections expected = reference_resolve(detections);
    const Detections kept = resolve_overlaps(detections);
    ASSERT_EQ(kept.size(), expected.size()) << "round " << round;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      EXPECT_EQ(kept[i].begin, expected[i].begin);
      EXPECT_EQ(kept[i].end, expected[i].end);
    }
  }
}

}  // namespace
}  // namespace hearth::privacy
