// The model file format: what is written reads back the same, and anything
// malformed is refused with Error(invalid_data), never a crash.
#include "tagger_model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

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

}  // namespace
}  // namespace hearth::privacy::names
