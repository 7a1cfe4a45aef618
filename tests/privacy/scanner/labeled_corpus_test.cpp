#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "hearth/privacy/evaluation.h"
#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

std::string error_of(std::string_view jsonl) {
  try {
    parse_labeled_snippets(jsonl, "test.jsonl");
  } catch (const Error& error) {
    return error.message();
  }
  return "";
}

TEST(LabeledCorpus, LabelsEveryWholeTokenOccurrence) {
  const auto snippets = parse_labeled_snippets(
      R"({"id":"a","genre":"chat","text":"Dan met Dana. Dan left.","entities":[{"type":"PERSON","text":"Dan"}]})",
      "test.jsonl");
  ASSERT_EQ(snippets.size(), 1u);
  ASSERT_EQ(snippets[0].entities.size(), 2u);
  EXPECT_EQ(snippets[0].entities[0].begin, 0u);
  EXPECT_EQ(snippets[0].entities[1].begin, 14u);
}

TEST(LabeledCorpus, OccurrencePicksOne) {
  const auto snippets = parse_labeled_snippets(
      R"({"id":"a","genre":"chat","text":"Jordan flew to Jordan.","entities":[{"type":"LOCATION","text":"Jordan","occurrence":2},{"type":"PERSON","text":"Jordan","occurrence":1}]})",
      "test.jsonl");
  ASSERT_EQ(snippets[0].entities.size(), 2u);
  EXPECT_EQ(snippets[0].entities[0].type, EntityType::person);
  EXPECT_EQ(snippets[0].entities[1].type, EntityType::location);
  EXPECT_EQ(snippets[0].entities[1].begin, 15u);
}

TEST(LabeledCorpus, BlankLinesAreSkipped) {
  EXPECT_EQ(parse_labeled_snippets("\n  \n", "x").size(), 0u);
}

TEST(LabeledCorpus, ErrorsNameTheLineAndTheProblem) {
  EXPECT_EQ(error_of("{not json"), "test.jsonl:1: not valid JSON");
  EXPECT_EQ(error_of("\n[1]"), "test.jsonl:2: not a JSON object");
  EXPECT_EQ(error_of(R"({"id":"a","genre":"x","entities":[]})"),
            "test.jsonl:1: \"text\" is missing");
  EXPECT_EQ(
      error_of(R"({"id":"a","genre":"x","text":"hi","entities":[{"type":"NAME","text":"hi"}]})"),
      "test.jsonl:1 (a): unknown entity type \"NAME\"");
  EXPECT_EQ(
      error_of(
          R"({"id":"a","genre":"x","text":"Dana","entities":[{"type":"PERSON","text":"Dan"}]})"),
      "test.jsonl:1 (a): \"Dan\" does not occur in the text");
  EXPECT_EQ(
      error_of(
          R"({"id":"a","genre":"x","text":"Jo Jo","entities":[{"type":"PERSON","text":"Jo","occurrence":3}]})"),
      "test.jsonl:1 (a): \"Jo\" has no occurrence 3 (it occurs 2 times)");
  EXPECT_EQ(
      error_of(
          R"({"id":"a","genre":"x","text":"Ann Lee","entities":[{"type":"PERSON","text":"Ann Lee"},{"type":"PERSON","text":"Lee"}]})"),
      "test.jsonl:1 (a): labels \"Ann Lee\" and \"Lee\" overlap");
}

TEST(LabeledCorpus, TheRepositoryCorpusLoads) {
  const auto corpus = load_labeled_corpus(HEARTH_PRIVACY_EVAL_DIR);
  EXPECT_GE(corpus.size(), 600u);
  std::array<std::size_t, kEntityTypeCount> labeled{};
  for (const LabeledSnippet& snippet : corpus) {
    for (const LabeledEntity& entity : snippet.entities) {
      ++labeled[static_cast<std::size_t>(entity.type)];
    }
  }
  for (std::size_t type = 0; type < kEntityTypeCount; ++type) {
    EXPECT_GE(labeled[type], 5u) << entity_type_name(static_cast<EntityType>(type));
  }
}

TEST(LabeledCorpus, MissingCorpusIsNotFound) {
  try {
    load_labeled_corpus("/nonexistent/corpus");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

}  // namespace
}  // namespace hearth::privacy
