// Feature extraction: deterministic, sensitive to the gazetteer and to
// context, and honouring what training hides.
#include "token_features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace hearth::privacy::names {
namespace {

std::vector<GazetteerEntry> small_lists() {
  return {{"Dana", class_bit(GazetteerClass::given_name)},
          {"New York", class_bit(GazetteerClass::city) | class_bit(GazetteerClass::region)},
          {"Street", class_bit(GazetteerClass::street_type)}};
}

SegmentFeatures features_of(std::string_view text, const Gazetteer& gazetteer,
                            std::vector<std::uint8_t> hidden = {}) {
  const auto tokens = tokenize_words(text);
  SegmentFeatures out;
  FeatureExtractor(gazetteer).extract(text, tokens, hidden, out);
  return out;
}

std::vector<std::uint32_t> sorted(std::span<const std::uint32_t> features) {
  std::vector<std::uint32_t> out(features.begin(), features.end());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(TokenFeatures, MultiWordEntriesMarkEveryToken) {
  const Gazetteer gazetteer(small_lists());
  const SegmentFeatures f = features_of("Dana moved to new york", gazetteer);
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f.classes[0], class_bit(GazetteerClass::given_name));
  EXPECT_EQ(f.classes[2], 0);
  const ClassMask place = class_bit(GazetteerClass::city) | class_bit(GazetteerClass::region);
  EXPECT_EQ(f.classes[3], place);
  EXPECT_EQ(f.classes[4], place);
}

TEST(TokenFeatures, AllFeatureHashesAreOddAndDeterministic) {
  const Gazetteer gazetteer(small_lists());
  const SegmentFeatures a = features_of("Dana lives at 12 Main Street.", gazetteer);
  const SegmentFeatures b = features_of("Dana lives at 12 Main Street.", gazetteer);
  EXPECT_EQ(a.hashes, b.hashes);
  for (const std::uint32_t hash : a.hashes) EXPECT_EQ(hash & 1u, 1u);
}

TEST(TokenFeatures, TheSameWordInAnotherContextDiffersOnlyInContextFeatures) {
  const Gazetteer gazetteer(small_lists());
  const SegmentFeatures a = features_of("met Dana today", gazetteer);
  const SegmentFeatures b = features_of("saw Dana today", gazetteer);
  const auto fa = sorted(a.of(1));
  const auto fb = sorted(b.of(1));
  std::vector<std::uint32_t> shared;
  std::set_intersection(fa.begin(), fa.end(), fb.begin(), fb.end(), std::back_inserter(shared));
  EXPECT_GT(shared.size(), fa.size() / 2);
  EXPECT_NE(fa, fb);
}

TEST(TokenFeatures, GazetteerMembershipChangesFeatures) {
  const Gazetteer with(small_lists());
  const Gazetteer without;
  EXPECT_NE(sorted(features_of("Dana", with).of(0)), sorted(features_of("Dana", without).of(0)));
}

TEST(TokenFeatures, HidingRemovesTheWordAndItsClasses) {
  const Gazetteer gazetteer(small_lists());
  const SegmentFeatures shown = features_of("met Dana today", gazetteer);
  const SegmentFeatures hidden = features_of(
      "met Dana today", gazetteer, {kHideNothing, kHideIdentity | kHideGazetteer, kHideNothing});
  EXPECT_EQ(hidden.classes[1], 0);
  EXPECT_LT(hidden.of(1).size(), shown.of(1).size());
  // The neighbours no longer see the hidden word either.
  EXPECT_LT(hidden.of(0).size(), shown.of(0).size());
}

TEST(TokenFeatures, LongWordsGetShapeFeaturesOnly) {
  const Gazetteer gazetteer(small_lists());
  const std::string long_word(kMaxWordFeatureBytes + 1, 'a');
  const SegmentFeatures f = features_of(long_word, gazetteer);
  const SegmentFeatures short_word = features_of("aaaa", gazetteer);
  EXPECT_LT(f.of(0).size(), short_word.of(0).size());
}

}  // namespace
}  // namespace hearth::privacy::names
