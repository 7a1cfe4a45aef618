// A small training run on the real word lists proves the pipeline learns:
// a model trained on a few thousand generated texts finds unseen names in
// held-out templates, and training is deterministic.
#include <gtest/gtest.h>

#include "gazetteer.h"
#include "tagger_model.h"
#include "training/example_generator.h"
#include "training/perceptron_trainer.h"
#include "training/span_scoring.h"
#include "training/word_lists.h"
#include "word_tokenizer.h"

namespace hearth::privacy::names::training {
namespace {

TEST(TrainingPipeline, LearnsToFindUnseenNames) {
  const WordLists all = load_word_lists(HEARTH_NAMES_DATA_DIR);
  const WordLists train_lists = select_split(all, Split::training);
  const WordLists held_lists = select_split(all, Split::held_out);
  TrainingOptions options;
  options.epochs = 3;
  options.seed = 7;
  const auto examples = ExampleGenerator(train_lists, 7).generate(4000);
  const TaggerModel model = train_tagger(examples, gazetteer_entries(train_lists), options);
  const auto recognizer = NameRecognizer::from_bytes(serialize_model(model));
  const SpanScores scores =
      score_recognizer(recognizer, ExampleGenerator(held_lists, 8).generate(800));
  EXPECT_GT(scores.of(EntityType::person).f1(), 0.6) << scores.table();
  EXPECT_GT(scores.of(EntityType::location).f1(), 0.6) << scores.table();
  EXPECT_GT(scores.of(EntityType::organization).f1(), 0.5) << scores.table();
  EXPECT_GT(scores.of(EntityType::street_address).f1(), 0.8) << scores.table();
}

TEST(TrainingPipeline, IsDeterministic) {
  const WordLists lists = select_split(load_word_lists(HEARTH_NAMES_DATA_DIR), Split::training);
  TrainingOptions options;
  options.epochs = 2;
  auto train = [&] {
    return serialize_model(
        train_tagger(ExampleGenerator(lists, 3).generate(500), gazetteer_entries(lists), options));
  };
  EXPECT_EQ(train(), train());
}

TEST(TrainingPipeline, GeneratedLabelsMatchTheirText) {
  const WordLists lists = load_word_lists(HEARTH_NAMES_DATA_DIR);
  ExampleGenerator generator(lists, 11);
  for (int i = 0; i < 500; ++i) {
    const LabeledText example = generator.next();
    std::size_t previous_end = 0;
    for (const LabeledSpan& span : example.spans) {
      EXPECT_LE(previous_end, span.begin);
      EXPECT_LT(span.begin, span.end);
      EXPECT_LE(span.end, example.text.size());
      previous_end = span.end;
    }
  }
}

TEST(TrainingPipeline, SomeGeneratedNamesAreInNoList) {
  // Real organizations and towns are mostly unlisted; the generator invents
  // some, so the tagger cannot learn that only listed words are names.
  const WordLists lists = load_word_lists(HEARTH_NAMES_DATA_DIR);
  const Gazetteer gazetteer(gazetteer_entries(lists));
  ExampleGenerator generator(lists, 14);
  std::size_t unlisted_orgs = 0;
  std::size_t unlisted_places = 0;
  std::string lower;
  for (int i = 0; i < 3000; ++i) {
    const LabeledText example = generator.next();
    for (const LabeledSpan& span : example.spans) {
      const std::string_view text =
          std::string_view(example.text).substr(span.begin, span.end - span.begin);
      bool any_unlisted = false;
      for (const WordToken& token : tokenize_words(text)) {
        if (token.kind != TokenKind::word) continue;
        lowercase_token(text.substr(token.begin, token.size()), lower);
        const std::uint64_t hash = extend_phrase_hash(0, hash_token_text(lower));
        any_unlisted = any_unlisted || gazetteer.find(hash) == 0;
      }
      if (!any_unlisted) continue;
      if (span.type == EntityType::organization) ++unlisted_orgs;
      if (span.type == EntityType::location) ++unlisted_places;
    }
  }
  EXPECT_GT(unlisted_orgs, 100u);
  EXPECT_GT(unlisted_places, 100u);
}

TEST(TrainingPipeline, TemplateEscapesBecomeWhitespace) {
  // A literal "\t" glued names into one token with its neighbours, and the
  // labels cutting through that token wrecked a whole training run.
  const WordLists lists = load_word_lists(HEARTH_NAMES_DATA_DIR);
  ExampleGenerator generator(lists, 12);
  for (int i = 0; i < 2000; ++i) {
    const LabeledText example = generator.next();
    EXPECT_EQ(example.text.find("\\t"), std::string::npos) << example.text;
    EXPECT_EQ(example.text.find("\\n"), std::string::npos) << example.text;
  }
}

TEST(TrainingPipeline, ContinentalStreetTypesKeepTheirWordOrder) {
  // "12 Oak Jalan" is an address nobody writes; leading types start the
  // street ("Jalan Oak 12") and German types come before the number.
  const WordLists lists = load_word_lists(HEARTH_NAMES_DATA_DIR);
  ExampleGenerator generator(lists, 13);
  const std::vector<std::string> continental = {" Jalan",  " Rue", " Via",   " Calle",  " Rua",
                                                " Straße", " Weg", " Gasse", " Piazza", " ul."};
  for (int i = 0; i < 3000; ++i) {
    const LabeledText example = generator.next();
    for (const LabeledSpan& span : example.spans) {
      if (span.type != EntityType::street_address) continue;
      const std::string address = example.text.substr(span.begin, span.end - span.begin);
      if (address.empty() || address[0] < '0' || address[0] > '9') continue;
      for (const std::string& type : continental) {
        const std::size_t at = address.find(type);
        const bool ends_word = at != std::string::npos && (at + type.size() == address.size() ||
                                                           address[at + type.size()] == ' ' ||
                                                           address[at + type.size()] == ',');
        EXPECT_FALSE(ends_word) << address;
      }
    }
  }
}

}  // namespace
}  // namespace hearth::privacy::names::training
