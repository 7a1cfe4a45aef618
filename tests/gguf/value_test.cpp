// Metadata values: type names, numeric conversions, typed lookups, ordering.
#include "hearth/gguf/value.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "hearth/util/error.h"

namespace hearth::gguf {
namespace {

TEST(ValueType, NamesEveryTypeAndOnlyThose) {
  EXPECT_EQ(value_type_name(ValueType::uint8), "u8");
  EXPECT_EQ(value_type_name(ValueType::int16), "i16");
  EXPECT_EQ(value_type_name(ValueType::float32), "f32");
  EXPECT_EQ(value_type_name(ValueType::boolean), "bool");
  EXPECT_EQ(value_type_name(ValueType::string), "str");
  EXPECT_EQ(value_type_name(ValueType::array), "arr");
  EXPECT_EQ(value_type_name(ValueType::float64), "f64");
  EXPECT_EQ(value_type_name(static_cast<ValueType>(13)), "?");
  for (std::uint32_t id = 0; id <= 12; ++id) EXPECT_TRUE(is_valid_value_type(id)) << id;
  EXPECT_FALSE(is_valid_value_type(13));
  EXPECT_FALSE(is_valid_value_type(std::numeric_limits<std::uint32_t>::max()));
}

TEST(Value, TypeFollowsTheStoredAlternative) {
  EXPECT_EQ(Value(std::uint8_t{1}).type(), ValueType::uint8);
  EXPECT_EQ(Value(std::int32_t{1}).type(), ValueType::int32);
  EXPECT_EQ(Value(1.0f).type(), ValueType::float32);
  EXPECT_EQ(Value(true).type(), ValueType::boolean);
  EXPECT_EQ(Value("text").type(), ValueType::string);
  EXPECT_EQ(Value(make_int32_array({1})).type(), ValueType::array);
  EXPECT_EQ(Value(std::uint64_t{1}).type(), ValueType::uint64);
  EXPECT_EQ(Value(2.0).type(), ValueType::float64);
}

TEST(Value, IntegerConversionsWidenWhenTheValueFits) {
  EXPECT_EQ(Value(std::int8_t{-5}).as_int(), -5);
  EXPECT_EQ(Value(std::int8_t{-5}).as_uint(), std::nullopt);
  EXPECT_EQ(Value(std::uint16_t{65535}).as_int(), 65535);
  EXPECT_EQ(Value(std::uint32_t{7}).as_uint(), 7u);
  EXPECT_EQ(Value(true).as_int(), std::nullopt);
  EXPECT_EQ(Value(false).as_uint(), std::nullopt);
  EXPECT_EQ(Value(true).as_double(), std::nullopt);
  EXPECT_EQ(Value(std::numeric_limits<std::uint64_t>::max()).as_int(), std::nullopt);
  EXPECT_EQ(Value(std::numeric_limits<std::uint64_t>::max()).as_uint(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(Value(std::numeric_limits<std::int64_t>::min()).as_int(),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(Value(1.0f).as_int(), std::nullopt);
  EXPECT_EQ(Value("1").as_uint(), std::nullopt);
}

TEST(Value, DoubleConversionTakesEveryNumber) {
  EXPECT_EQ(Value(std::int16_t{-3}).as_double(), -3.0);
  EXPECT_EQ(Value(0.5f).as_double(), 0.5);
  EXPECT_EQ(Value(0.25).as_double(), 0.25);
  EXPECT_EQ(Value(std::uint64_t{1} << 40).as_double(), 1099511627776.0);
  EXPECT_EQ(Value(true).as_double(), std::nullopt);
  EXPECT_EQ(Value("0.5").as_double(), std::nullopt);
}

TEST(Value, ArrayHelpersSetTheElementType) {
  const Array strings = make_string_array({"a", "b"});
  EXPECT_EQ(strings.element_type, ValueType::string);
  ASSERT_EQ(strings.items.size(), 2u);
  EXPECT_EQ(*strings.items[1].as_string(), "b");
  EXPECT_EQ(make_float_array({1.5f}).element_type, ValueType::float32);
  EXPECT_EQ(*make_float_array({1.5f}).items[0].get_if<float>(), 1.5f);
  EXPECT_EQ(make_int32_array({}).element_type, ValueType::int32);
  EXPECT_TRUE(make_int32_array({}).items.empty());
}

TEST(Metadata, TypedLookups) {
  Metadata m;
  m.set("name", "qwen2");
  m.set("count", std::uint32_t{32});
  m.set("negative", std::int32_t{-1});
  m.set("epsilon", 1e-6f);
  m.set("flag", true);
  m.set("tokens", make_string_array({"a"}));

  EXPECT_EQ(m.get_string("name"), "qwen2");
  EXPECT_EQ(m.get_string("count"), std::nullopt);
  EXPECT_EQ(m.get_uint("count"), 32u);
  EXPECT_EQ(m.get_uint("negative"), std::nullopt);
  EXPECT_EQ(m.get_int("negative"), -1);
  EXPECT_EQ(m.get_double("epsilon"), static_cast<double>(1e-6f));
  EXPECT_EQ(m.get_bool("flag"), true);
  EXPECT_EQ(m.get_bool("count"), std::nullopt);
  EXPECT_EQ(m.get_uint("flag"), std::nullopt);
  EXPECT_EQ(m.get_int("flag"), std::nullopt);
  ASSERT_NE(m.get_array("tokens"), nullptr);
  EXPECT_EQ(m.get_array("name"), nullptr);
  EXPECT_EQ(m.get_uint("missing"), std::nullopt);
  EXPECT_TRUE(m.contains("flag"));
  EXPECT_FALSE(m.contains("missing"));
}

TEST(Metadata, SetReplacesInPlaceAndEraseRemoves) {
  Metadata m;
  m.set("a", std::uint8_t{1});
  m.set("b", std::uint8_t{2});
  m.set("c", std::uint8_t{3});
  m.set("a", "replaced");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m.entries()[0].key, "a");
  EXPECT_EQ(m.get_string("a"), "replaced");

  EXPECT_TRUE(m.erase("b"));
  EXPECT_FALSE(m.erase("b"));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m.entries()[1].key, "c");
}

TEST(Metadata, ConstructorKeepsOrderAndRefusesRepeatedKeys) {
  const Metadata m({{"z", std::uint8_t{1}}, {"a", std::uint8_t{2}}});
  EXPECT_EQ(m.entries()[0].key, "z");
  try {
    Metadata({{"a", std::uint8_t{1}}, {"a", std::uint8_t{2}}});
    FAIL() << "accepted a repeated key";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
    EXPECT_STREQ(error.what(), "metadata key 'a' appears more than once");
  }
}

}  // namespace
}  // namespace hearth::gguf
