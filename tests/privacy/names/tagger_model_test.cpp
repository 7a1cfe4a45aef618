// The model file format: what is written reads back the same, and anything
// malformed is refused with Error(invalid_data), never a crash.
#include "tagger_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <random>

#include "hearth/util/error.h"
#include "name_recognizer.h"

namespace hearth::privacy::names {
namespace {

TaggerModel small_model() {
  TaggerModel model;
  model.scale = 0.25f;
  for (std::size_t i = 0; i < model.transitions.size(); ++i) {
    model.transitions[i] = static_cast<std::int16_t>(static_cast<int>(i) - 40);
  }
  model.feature_hashes = {3, 17, 101};
  for (std::size_t i = 0; i < model.feature_hashes.size() * kTagCount; ++i) {
    model.weights.push_back(static_cast<std::int8_t>(static_cast<int>(i) - 13));
  }
  model.gazetteer = {{"Dana", class_bit(GazetteerClass::given_name)},
                     {"New York", class_bit(GazetteerClass::city)}};
  return model;
}

void expect_invalid(const std::vector<std::uint8_t>& bytes) {
  try {
    parse_model(bytes);
    ADD_FAILURE() << "accepted a malformed model of " << bytes.size() << " bytes";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  }
}

TEST(TaggerModel, RoundTrips) {
  const TaggerModel model = small_model();
  const TaggerModel read = parse_model(serialize_model(model));
  EXPECT_EQ(read.scale, model.scale);
  EXPECT_EQ(read.transitions, model.transitions);
  EXPECT_EQ(read.feature_hashes, model.feature_hashes);
  EXPECT_EQ(read.weights, model.weights);
  ASSERT_EQ(read.gazetteer.size(), 2u);
  EXPECT_EQ(read.gazetteer[1].phrase, "New York");
  EXPECT_EQ(read.gazetteer[1].classes, class_bit(GazetteerClass::city));
  EXPECT_EQ(serialize_model(read), serialize_model(model));
}

TEST(TaggerModel, RefusesEveryTruncation) {
  const std::vector<std::uint8_t> bytes = serialize_model(small_model());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    expect_invalid(std::vector<std::uint8_t>(bytes.begin(),
                                             bytes.begin() + static_cast<std::ptrdiff_t>(size)));
  }
}

TEST(TaggerModel, RefusesEveryFlippedByte) {
  const std::vector<std::uint8_t> bytes = serialize_model(small_model());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::vector<std::uint8_t> corrupt = bytes;
    corrupt[i] ^= 0x40;
    expect_invalid(corrupt);
  }
}

TEST(TaggerModel, RefusesTrailingBytesAndUnsortedFeatures) {
  std::vector<std::uint8_t> longer = serialize_model(small_model());
  longer.push_back(0);
  expect_invalid(longer);

  TaggerModel unsorted = small_model();
  std::swap(unsorted.feature_hashes[0], unsorted.feature_hashes[1]);
  expect_invalid(serialize_model(unsorted));

  TaggerModel even = small_model();
  even.feature_hashes[0] = 2;
  expect_invalid(serialize_model(even));

  TaggerModel bad_scale = small_model();
  bad_scale.scale = -1;
  expect_invalid(serialize_model(bad_scale));

  TaggerModel bad_entry = small_model();
  bad_entry.gazetteer[0].classes = 0;
  expect_invalid(serialize_model(bad_entry));
}

TEST(TaggerModel, HugeCountsAreRefusedBeforeAllocating) {
  std::vector<std::uint8_t> bytes = serialize_model(small_model());
  // The feature count sits after magic, version, tag and class counts and the scale.
  bytes[24] = bytes[25] = bytes[26] = bytes[27] = 0xff;
  expect_invalid(bytes);
}

TEST(TaggerModel, TheRecognizerRefusesMalformedBytes) {
  const std::vector<std::uint8_t> garbage = {'H', 'N', 'A', 'M', 'E', 0, 1, 2, 3};
  EXPECT_THROW(NameRecognizer::from_bytes(garbage), Error);
  EXPECT_NO_THROW(NameRecognizer::from_bytes(serialize_model(small_model())));
}

TEST(TaggerModel, TheShippedModelIsSmallAndValid) {
  std::ifstream in(std::string(HEARTH_NAMES_DATA_DIR) + "/name_tagger.bin", std::ios::binary);
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  EXPECT_LE(bytes.size(), 2u << 20);
  const TaggerModel model = parse_model(bytes);
  EXPECT_GT(model.feature_hashes.size(), 1000u);
  EXPECT_GT(model.gazetteer.size(), 1000u);
}

// Brute force: each feature's weights found by binary search in the model.
std::vector<float> expected_scores(const TaggerModel& model,
                                   const std::vector<std::uint32_t>& features,
                                   const std::vector<std::uint32_t>& offsets) {
  std::vector<float> scores;
  for (std::size_t token = 0; token + 1 < offsets.size(); ++token) {
    std::array<std::int32_t, kTagCount> sums{};
    for (std::size_t f = offsets[token]; f < offsets[token + 1]; ++f) {
      const auto found =
          std::lower_bound(model.feature_hashes.begin(), model.feature_hashes.end(), features[f]);
      if (found == model.feature_hashes.end() || *found != features[f]) continue;
      const auto row = static_cast<std::size_t>(found - model.feature_hashes.begin());
      for (std::size_t t = 0; t < kTagCount; ++t) sums[t] += model.weights[row * kTagCount + t];
    }
    for (const std::int32_t sum : sums) scores.push_back(static_cast<float>(sum) * model.scale);
  }
  return scores;
}

void expect_scores_match(const TaggerModel& model, const std::vector<std::uint32_t>& features,
                         const std::vector<std::uint32_t>& offsets) {
  const WeightTable table(model);
  const std::vector<float> expected = expected_scores(model, features, offsets);
  std::vector<float> fast(expected.size(), -1.0f);
  std::vector<float> reference(expected.size(), -1.0f);
  table.score(features, offsets, fast);
  table.score_reference(features, offsets, reference);
  EXPECT_EQ(reference, expected);
  EXPECT_EQ(fast, expected);
}

TEST(WeightTable, ScoresMatchBruteForceOnTheShippedModel) {
  std::ifstream in(std::string(HEARTH_NAMES_DATA_DIR) + "/name_tagger.bin", std::ios::binary);
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  const TaggerModel model = parse_model(bytes);
  // Tokens of up to 40 features, about half of them known to the model.
  std::mt19937 random(7);
  std::vector<std::uint32_t> features;
  std::vector<std::uint32_t> offsets = {0};
  for (int token = 0; token < 2000; ++token) {
    const std::size_t count = random() % 41;
    for (std::size_t i = 0; i < count; ++i) {
      features.push_back(random() % 2 == 0
                             ? model.feature_hashes[random() % model.feature_hashes.size()]
                             : static_cast<std::uint32_t>(random()) | 1u);
    }
    offsets.push_back(static_cast<std::uint32_t>(features.size()));
  }
  expect_scores_match(model, features, offsets);
}

TEST(WeightTable, ProbesPastFullCacheLines) {
  // Twelve features whose probes all start at the same line (the table has
  // 32 slots for 16 features), so lookups run on over three lines, and
  // misses that start there must walk to the first empty slot.
  TaggerModel model;
  model.scale = 0.5f;
  for (std::uint32_t k = 0; k < 12; ++k) model.feature_hashes.push_back(41u + (k << 6));
  for (std::uint32_t k = 0; k < 4; ++k) model.feature_hashes.push_back(3u + (k << 2));
  std::sort(model.feature_hashes.begin(), model.feature_hashes.end());
  for (std::size_t i = 0; i < model.feature_hashes.size() * kTagCount; ++i) {
    model.weights.push_back(static_cast<std::int8_t>(static_cast<int>(i * 37 % 255) - 127));
  }
  std::vector<std::uint32_t> features = model.feature_hashes;
  for (std::uint32_t k = 12; k < 20; ++k) features.push_back(41u + (k << 6));  // misses
  std::vector<std::uint32_t> offsets;
  for (std::uint32_t i = 0; i <= features.size(); i += 3) offsets.push_back(i);
  offsets.push_back(static_cast<std::uint32_t>(features.size()));
  expect_scores_match(model, features, offsets);
}

}  // namespace
}  // namespace hearth::privacy::names
