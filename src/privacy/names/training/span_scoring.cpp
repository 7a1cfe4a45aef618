#include "span_scoring.h"

#include <algorithm>

#include "../bio_tags.h"
#include "fmt/format.h"

namespace hearth::privacy::names::training {
namespace {

std::size_t type_index(EntityType type) {
  const auto it = std::find(kTaggedTypes.begin(), kTaggedTypes.end(), type);
  return static_cast<std::size_t>(it - kTaggedTypes.begin());
}

double ratio(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

double TypeScore::precision() const {
  return ratio(true_positives, true_positives + false_positives);
}
double TypeScore::recall() const {
  return ratio(true_positives, true_positives + false_negatives);
}
double TypeScore::f1() const {
  const double p = precision();
  const double r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

const TypeScore& SpanScores::of(EntityType type) const {
  return by_type[type_index(type)];
}

std::string SpanScores::table() const {
  std::string out =
      "| type | precision | recall | F1 | labeled |\n| --- | --- | --- | --- | --- |\n";
  for (std::size_t i = 0; i < kTaggedTypes.size(); ++i) {
    const TypeScore& s = by_type[i];
    out +=
        fmt::format("| {} | {:.3f} | {:.3f} | {:.3f} | {} |\n", entity_type_name(kTaggedTypes[i]),
                    s.precision(), s.recall(), s.f1(), s.true_positives + s.false_negatives);
  }
  return out;
}

SpanScores score_recognizer(const NameRecognizer& recognizer,
                            const std::vector<LabeledText>& examples) {
  SpanScores scores;
  Detections found;
  for (const LabeledText& example : examples) {
    found.clear();
    recognizer.find(example.text, found);
    std::vector<bool> matched(example.spans.size(), false);
    for (const Detection& detection : found) {
      TypeScore& score = scores.by_type[type_index(detection.type)];
      bool hit = false;
      for (std::size_t i = 0; i < example.spans.size(); ++i) {
        const LabeledSpan& label = example.spans[i];
        if (!matched[i] && label.type == detection.type && label.begin == detection.begin &&
            label.end == detection.end) {
          matched[i] = hit = true;
          break;
        }
      }
      ++(hit ? score.true_positives : score.false_positives);
    }
    for (std::size_t i = 0; i < example.spans.size(); ++i) {
      if (!matched[i]) ++scores.by_type[type_index(example.spans[i].type)].false_negatives;
    }
  }
  return scores;
}

}  // namespace hearth::privacy::names::training
