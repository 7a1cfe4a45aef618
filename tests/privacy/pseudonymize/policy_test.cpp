// Policy files: what they may say, and that everything else is refused with
// a message naming the culprit.
#include "hearth/privacy/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

using ::testing::HasSubstr;

// The message of the invalid_data error parsing json raises.
std::string policy_error(std::string_view json) {
  try {
    Policy::from_json(json);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data) << error.what();
    return error.message();
  }
  ADD_FAILURE() << "accepted: " << json;
  return {};
}

TEST(Policy, EveryTypeGetsAPlaceholderByDefault) {
  const Policy policy;
  for (std::size_t i = 0; i < kEntityTypeCount; ++i) {
    EXPECT_EQ(policy.operator_for(static_cast<EntityType>(i)), Operator::placeholder);
  }
  EXPECT_TRUE(policy.hash_key().empty());
}

TEST(Policy, SetAndSetAll) {
  Policy policy;
  policy.set_all(Operator::mask);
  policy.set(EntityType::url, Operator::allow);
  EXPECT_EQ(policy.operator_for(EntityType::email), Operator::mask);
  EXPECT_EQ(policy.operator_for(EntityType::url), Operator::allow);
}

TEST(Policy, OperatorNames) {
  EXPECT_EQ(operator_name(Operator::placeholder), "placeholder");
  EXPECT_EQ(operator_name(Operator::mask), "mask");
  EXPECT_EQ(operator_name(Operator::hash), "hash");
  EXPECT_EQ(operator_name(Operator::drop), "drop");
  EXPECT_EQ(operator_name(Operator::allow), "allow");
}

TEST(Policy, ReadsTheDocumentedExample) {
  const Policy policy = Policy::from_json(R"({"default": "placeholder",
      "entities": {"EMAIL": "mask", "URL": "allow", "PERSON": "hash", "credit_card": "drop"},
      "hash_key": "k3y"})");
  EXPECT_EQ(policy.operator_for(EntityType::email), Operator::mask);
  EXPECT_EQ(policy.operator_for(EntityType::url), Operator::allow);
  EXPECT_EQ(policy.operator_for(EntityType::person), Operator::hash);
  EXPECT_EQ(policy.operator_for(EntityType::credit_card), Operator::drop);
  EXPECT_EQ(policy.operator_for(EntityType::phone), Operator::placeholder);
  EXPECT_EQ(policy.hash_key(), "k3y");
}

TEST(Policy, DefaultAppliesToTypesNotListed) {
  const Policy policy = Policy::from_json(R"({"default": "drop", "entities": {"URL": "allow"}})");
  EXPECT_EQ(policy.operator_for(EntityType::person), Operator::drop);
  EXPECT_EQ(policy.operator_for(EntityType::url), Operator::allow);
  EXPECT_EQ(Policy::from_json("{}").operator_for(EntityType::iban), Operator::placeholder);
}

TEST(Policy, MalformedJsonIsInvalidData) {
  for (const std::string_view json :
       {"", "{", "{\"default\": }", "nul", "{\"default\": \"mask\"} trailing", "\xff\xfe"}) {
    EXPECT_THAT(policy_error(json), HasSubstr("not valid JSON")) << json;
  }
}

TEST(Policy, AJsonErrorDoesNotQuoteTheHashKey) {
  const std::string message = policy_error(R"({"hash_key": "hunter2)");
  EXPECT_THAT(message, HasSubstr("not valid JSON (error at byte"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("hunter2")));
}

TEST(Policy, DeepNestingIsRefusedWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(policy_error(deep), HasSubstr("must be an object"));
  const std::string deep_entities =
      R"({"entities": {"EMAIL": )" + std::string(100000, '[') + std::string(100000, ']') + "}}";
  EXPECT_THAT(policy_error(deep_entities), HasSubstr("EMAIL"));
}

TEST(Policy, ErrorsNameTheCulprit) {
  EXPECT_THAT(policy_error("[]"), HasSubstr("top level must be an object"));
  EXPECT_THAT(policy_error(R"({"defaults": "mask"})"), HasSubstr("unknown key \"defaults\""));
  EXPECT_THAT(policy_error(R"({"default": "redact"})"), HasSubstr("unknown operator \"redact\""));
  EXPECT_THAT(policy_error(R"({"default": 3})"), HasSubstr("\"default\" must be an operator name"));
  EXPECT_THAT(policy_error(R"({"entities": ["EMAIL"]})"),
              HasSubstr("\"entities\" must be an object"));
  EXPECT_THAT(policy_error(R"({"entities": {"SHOE_SIZE": "mask"}})"),
              HasSubstr("unknown entity type \"SHOE_SIZE\""));
  EXPECT_THAT(policy_error(R"({"entities": {"EMAIL": "Mask"}})"),
              HasSubstr("unknown operator \"Mask\""));
  EXPECT_THAT(policy_error(R"({"entities": {"EMAIL": null}})"), HasSubstr("\"EMAIL\""));
  EXPECT_THAT(policy_error(R"({"hash_key": 7})"), HasSubstr("\"hash_key\" must be a non-empty"));
  EXPECT_THAT(policy_error(R"({"hash_key": ""})"), HasSubstr("\"hash_key\" must be a non-empty"));
}

TEST(Policy, HashWithoutAKeyIsAnError) {
  EXPECT_THAT(policy_error(R"({"entities": {"PHONE": "hash"}})"),
              HasSubstr("PHONE uses the hash operator but no \"hash_key\""));
  EXPECT_THAT(policy_error(R"({"default": "hash"})"), HasSubstr("hash_key"));
  const Policy keyed = Policy::from_json(R"({"default": "hash", "hash_key": "k"})");
  EXPECT_EQ(keyed.operator_for(EntityType::jwt), Operator::hash);
}

TEST(Policy, AKeyGivenTwiceIsAnError) {
  EXPECT_THAT(policy_error(R"({"default": "mask", "default": "drop"})"),
              HasSubstr("key \"default\" is given twice"));
  EXPECT_THAT(policy_error(R"({"entities": {"EMAIL": "mask", "EMAIL": "drop"}})"),
              HasSubstr("key \"EMAIL\" is given twice"));
  EXPECT_THAT(policy_error(R"({"entities": {"EMAIL": "mask", "email": "drop"}})"),
              HasSubstr("EMAIL is given twice"));
}

}  // namespace
}  // namespace hearth::privacy
