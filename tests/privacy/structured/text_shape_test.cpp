#include "text_shape.h"

#include <gtest/gtest.h>

#include "calendar_dates.h"

namespace hearth::privacy::structured {
namespace {

TEST(ShannonEntropy, MeasuresBitsPerByte) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcdefgh"), 3.0);
  EXPECT_GT(shannon_entropy("uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I"), 4.0);
}

TEST(Placeholder, RecognizesTemplateValues) {
  for (const char* value :
       {"", "********", "xxxx", "<password>", "${DB_PASSWORD}", "$DB_PASSWORD",
        "{{ vault_password }}", "%PASSWORD%", "[REDACTED]", "changeme", "your_password_here",
        "YourApiKey", "password", "null", "str", "ab***yz", "example123"})
    EXPECT_TRUE(is_placeholder_value(value)) << value;
  for (const char* value : {"hunter2", "T7r!ckyPa55", "correct-horse-battery", "s3cr3t-Value"})
    EXPECT_FALSE(is_placeholder_value(value)) << value;
}

TEST(DocumentationToken, RecognizesExamplesRunsAndSequences) {
  for (const char* body : {"IOSFODNN7EXAMPLE", "XXXXXXXXXXXXXXXXXXXX", "aaaaaaaaaaaaaaaa",
                           "0123456789abcdef", "abababababababababab", "your_token_goes_here"})
    EXPECT_TRUE(looks_like_documentation_token(body)) << body;
  EXPECT_FALSE(looks_like_documentation_token("oe5c3veGprQFnIiU74KKEpYEZAmggQBwBAD3"));
}

TEST(Base64Url, DecodesBothAlphabetsWithAndWithoutPadding) {
  EXPECT_EQ(decode_base64url("eyJhbGciOiJIUzI1NiJ9"), std::string(R"({"alg":"HS256"})"));
  EXPECT_EQ(decode_base64url("c3ZjLWJhY2t1cDpUN3IhY2t5UGE1NQ=="),
            std::string("svc-backup:T7r!ckyPa55"));
  EXPECT_EQ(decode_base64url("-_8"), std::string("\xfb\xff"));
  EXPECT_FALSE(decode_base64url("ab$c"));
}

TEST(Uuid, MatchesTheCanonicalFormOnly) {
  EXPECT_TRUE(is_uuid("550e8400-e29b-41d4-a716-446655440000"));
  EXPECT_FALSE(is_uuid("550e8400e29b41d4a716446655440000"));
  EXPECT_FALSE(is_uuid("550e8400-e29b-41d4-a716-44665544000g"));
}

TEST(CalendarDates, ReadsTheCommonFormats) {
  struct Case {
    const char* text;
    std::size_t length;
  };
  for (const Case& c :
       {Case{"1985-03-14", 10}, Case{"14/03/1985", 10}, Case{"03/14/1985", 10}, Case{"3/4/85", 6},
        Case{"14.03.1985", 10}, Case{"19850314", 8}, Case{"March 14, 1985", 14},
        Case{"Mar. 14th 1985", 14}, Case{"14 March 1985", 13}, Case{"14th of March, 1985", 19},
        Case{"14-Mar-1985", 11}, Case{"1985-03-14, in Lyon", 10}})
    EXPECT_EQ(date_length_at(c.text, 0), c.length) << c.text;
}

TEST(CalendarDates, RejectsImpossibleDatesAndLongerNumbers) {
  for (const char* text :
       {"1985-13-14", "1985-02-30", "32/01/1985", "14/14/1985", "1985-03-14-2", "14.03.1985.5",
        "18500314", "Smarch 14, 1985", "March 32, 1985", "12345", "1985"})
    EXPECT_EQ(date_length_at(text, 0), 0u) << text;
}

}  // namespace
}  // namespace hearth::privacy::structured
