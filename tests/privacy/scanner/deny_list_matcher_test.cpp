#include "deny_list_matcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

TEST(DenyListMatcher, FindsWholeWordsIgnoringCase) {
  const std::vector<DenyListEntry> entries = {{"Project Falcon", EntityType::organization},
                                              {"Ann", EntityType::person}};
  const DenyListMatcher matcher(entries);
  Detections found;
  const std::string text = "ann said PROJECT FALCON is late; Anna and Anné disagree. (Ann)";
  matcher.find(text, found);
  ASSERT_EQ(found.size(), 3u);
  std::vector<std::string> texts;
  for (const Detection& d : found) {
    texts.push_back(text.substr(d.begin, d.end - d.begin));
    EXPECT_EQ(d.confidence, 1.0f);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"ann", "PROJECT FALCON", "Ann"}));
}

TEST(DenyListMatcher, ValuesWithPunctuationAtTheEdges) {
  const std::vector<DenyListEntry> entries = {{"#ops-secret", EntityType::secret}};
  const DenyListMatcher matcher(entries);
  Detections found;
  matcher.find("join #ops-secret now", found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].begin, 5u);
}

TEST(DenyListMatcher, EmptyListFindsNothing) {
  const DenyListMatcher matcher({});
  Detections found;
  matcher.find("anything", found);
  EXPECT_TRUE(found.empty());
}

TEST(DenyListMatcher, EmptyValueIsRefused) {
  const std::vector<DenyListEntry> entries = {{"", EntityType::person}};
  EXPECT_THROW(DenyListMatcher{entries}, Error);
}

TEST(DenyListMatcher, NulBytesAndInvalidUtf8) {
  const std::vector<DenyListEntry> entries = {{"Kai", EntityType::person}};
  const DenyListMatcher matcher(entries);
  Detections found;
  const std::string text("\xFF\x00Kai\x00\xC3", 7);
  matcher.find(text, found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].begin, 2u);
}

}  // namespace
}  // namespace hearth::privacy
