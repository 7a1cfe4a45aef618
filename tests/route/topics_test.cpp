#include "hearth/route/topics.h"

#include <gtest/gtest.h>

namespace hearth::route {
namespace {

using Topics = std::vector<std::string>;

TEST(Topics, FindsHealthContent) {
  EXPECT_EQ(detect_topics("After the biopsy my oncologist changed the medication dosage."),
            Topics{"health"});
  EXPECT_EQ(detect_topics("Her BLOOD TEST came back; the diagnosis is type 2 diabetes."),
            Topics{"health"});
}

TEST(Topics, FindsFinanceContent) {
  EXPECT_EQ(detect_topics("Please review my mortgage application: salary, credit score and "
                          "bank account details attached."),
            Topics{"finance"});
}

TEST(Topics, OneStrayWordIsNotATopic) {
  EXPECT_TRUE(detect_topics("The hospital is next to the bank on Main Street.").empty());
  EXPECT_TRUE(detect_topics("Summarize this article about bridge engineering.").empty());
  EXPECT_TRUE(detect_topics("").empty());
  // A term counts once however often it appears.
  EXPECT_TRUE(detect_topics("cancer cancer cancer").empty());
}

TEST(Topics, FindsBoth) {
  EXPECT_EQ(detect_topics("My surgery bill exceeded my salary, and after the diagnosis the "
                          "mortgage payments were late."),
            (Topics{"health", "finance"}));
}

TEST(Topics, AnyBytesAreAccepted) {
  static constexpr char kJunk[] = "\xff\xfe\0biopsy\x80 prescription";
  const std::string junk(kJunk, sizeof kJunk - 1);
  EXPECT_EQ(detect_topics(junk), Topics{"health"});
}

}  // namespace
}  // namespace hearth::route
