#include "name_recognizer.h"

#include <cmath>

#include "bio_tags.h"
#include "gazetteer.h"
#include "name_rules.h"
#include "tagger_model.h"
#include "token_features.h"
#include "word_tokenizer.h"

namespace hearth::privacy {

using names::kTagCount;
using names::Tag;

struct NameRecognizer::Impl {
  explicit Impl(const names::TaggerModel& model)
      : gazetteer(model.gazetteer), weights(model), extractor(gazetteer) {}

  names::Gazetteer gazetteer;
  names::WeightTable weights;
  names::FeatureExtractor extractor;  // refers to gazetteer; Impl never moves
};

namespace {

constexpr std::string_view kRecognizerName = "names";

// A segment without capital letters or digits is tagged only when it holds
// a word the lists know as a given name or a place and not as an ordinary
// word ("talked to ravi", "landed in lagos"): elsewhere the tagger could
// find no name with confidence (lower-case text is almost always ordinary
// words), and skipping it keeps most chat and code cheap.
bool worth_tagging(std::string_view text, std::span<const names::WordToken> tokens,
                   const names::Gazetteer& gazetteer) {
  for (const names::WordToken& token : tokens) {
    if (token.starts_upper || token.has_digit) return true;
  }
  constexpr names::ClassMask kLowerCaseNameClasses =
      names::class_bit(names::GazetteerClass::given_name) |
      names::class_bit(names::GazetteerClass::city) |
      names::class_bit(names::GazetteerClass::country);
  std::string lower;
  for (const names::WordToken& token : tokens) {
    if (token.kind != names::TokenKind::word || token.size() < 3 ||
        token.size() > names::kMaxWordFeatureBytes) {
      continue;
    }
    names::lowercase_token(text.substr(token.begin, token.size()), lower);
    const names::ClassMask classes =
        gazetteer.find(names::extend_phrase_hash(0, names::hash_token_text(lower)));
    if ((classes & kLowerCaseNameClasses) != 0 &&
        (classes & names::class_bit(names::GazetteerClass::common_word)) == 0) {
      return true;
    }
  }
  return false;
}

// How sure the tagger was: the mean gap between the chosen tag's score and
// the "outside" score over the span, squashed to 0..1.
float span_confidence(std::span<const float> emissions, std::span<const Tag> tags,
                      std::size_t first, std::size_t last) {
  float total = 0;
  for (std::size_t i = first; i < last; ++i) {
    const float* row = emissions.data() + i * kTagCount;
    total += row[static_cast<std::size_t>(tags[i])] - row[static_cast<std::size_t>(Tag::outside)];
  }
  const float mean = total / static_cast<float>(last - first);
  return 1.0f / (1.0f + std::exp(-mean));
}

}  // namespace

NameRecognizer::NameRecognizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NameRecognizer::~NameRecognizer() = default;
NameRecognizer::NameRecognizer(NameRecognizer&&) noexcept = default;
NameRecognizer& NameRecognizer::operator=(NameRecognizer&&) noexcept = default;

NameRecognizer NameRecognizer::from_bytes(std::span<const std::uint8_t> model) {
  return NameRecognizer(std::make_unique<Impl>(names::parse_model(model)));
}

void NameRecognizer::find(std::string_view text, Detections& out) const {
  const std::vector<names::WordToken> tokens = names::tokenize_words(text);
  names::SegmentFeatures features;
  std::vector<float> emissions;
  std::vector<Tag> tags;
  for (const names::Segment& segment : names::split_segments(text, tokens)) {
    const auto segment_tokens = std::span<const names::WordToken>(tokens).subspan(
        segment.first, segment.last - segment.first);
    if (!worth_tagging(text, segment_tokens, impl_->gazetteer)) continue;
    impl_->extractor.extract(text, segment_tokens, {}, features);
    emissions.resize(segment_tokens.size() * kTagCount);
    impl_->weights.score(features.hashes, features.offsets, emissions);
    names::viterbi_decode(emissions, impl_->weights.transitions(), tags);
    std::vector<names::NameSpan> tagged;
    for (const names::TagSpan& span : names::spans_from_tags(tags)) {
      tagged.push_back({span.type, span.first, span.last,
                        span_confidence(emissions, tags, span.first, span.last)});
    }
    const names::SegmentView view{text, segment_tokens, features.classes};
    for (const names::NameSpan& span : names::combine_with_rules(view, std::move(tagged))) {
      Detection detection;
      detection.type = span.type;
      detection.begin = segment_tokens[span.first].begin;
      detection.end = segment_tokens[span.last - 1].end;
      detection.confidence = span.confidence;
      detection.recognizer = kRecognizerName;
      out.push_back(std::move(detection));
    }
  }
}

}  // namespace hearth::privacy
