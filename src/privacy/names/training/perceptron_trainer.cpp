#include "perceptron_trainer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "../bio_tags.h"
#include "../token_features.h"
#include "../word_tokenizer.h"

namespace hearth::privacy::names::training {
namespace {

// One segment of training text: dense feature ids per token and its gold tags.
struct Instance {
  std::vector<std::uint32_t> features;
  std::vector<std::uint32_t> offsets;
  std::vector<Tag> gold;
};

class FeatureIndex {
 public:
  std::uint32_t id(std::uint32_t hash) {
    const auto [it, inserted] = ids_.try_emplace(hash, static_cast<std::uint32_t>(hashes_.size()));
    if (inserted) hashes_.push_back(hash);
    return it->second;
  }
  std::size_t size() const { return hashes_.size(); }
  std::uint32_t hash(std::size_t id) const { return hashes_[id]; }

 private:
  std::unordered_map<std::uint32_t, std::uint32_t> ids_;
  std::vector<std::uint32_t> hashes_;
};

std::vector<Tag> gold_tags(const LabeledText& example, std::span<const WordToken> tokens) {
  std::vector<Tag> tags(tokens.size(), Tag::outside);
  std::size_t span = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    while (span < example.spans.size() && example.spans[span].end <= tokens[i].begin) ++span;
    if (span == example.spans.size()) break;
    const LabeledSpan& label = example.spans[span];
    if (tokens[i].begin >= label.begin && tokens[i].end <= label.end) {
      tags[i] = tokens[i].begin == label.begin ? begin_tag(label.type) : inside_tag(label.type);
    }
  }
  return tags;
}

std::vector<Instance> build_instances(const std::vector<LabeledText>& examples,
                                      const FeatureExtractor& extractor, FeatureIndex& index,
                                      const TrainingOptions& options) {
  Random random(options.seed ^ 0x5eedULL);
  std::vector<Instance> instances;
  SegmentFeatures features;
  std::vector<std::uint8_t> hidden;
  for (const LabeledText& example : examples) {
    const std::vector<WordToken> tokens = tokenize_words(example.text);
    const std::vector<Tag> all_gold = gold_tags(example, tokens);
    for (const Segment& segment : split_segments(example.text, tokens)) {
      const auto segment_tokens =
          std::span<const WordToken>(tokens).subspan(segment.first, segment.last - segment.first);
      Instance instance;
      instance.gold.assign(all_gold.begin() + static_cast<std::ptrdiff_t>(segment.first),
                           all_gold.begin() + static_cast<std::ptrdiff_t>(segment.last));
      hidden.assign(segment_tokens.size(), kHideNothing);
      for (std::size_t i = 0; i < hidden.size(); ++i) {
        if (instance.gold[i] == Tag::outside) {
          if (random.chance(options.hide_context_rate)) hidden[i] |= kHideIdentity;
          if (random.chance(options.hide_outside_gazetteer_rate)) hidden[i] |= kHideGazetteer;
          continue;
        }
        if (random.chance(options.hide_identity_rate)) hidden[i] |= kHideIdentity;
        if (random.chance(options.hide_gazetteer_rate)) hidden[i] |= kHideGazetteer;
      }
      extractor.extract(example.text, segment_tokens, hidden, features);
      instance.offsets = features.offsets;
      instance.features.reserve(features.hashes.size());
      for (const std::uint32_t hash : features.hashes) instance.features.push_back(index.id(hash));
      instances.push_back(std::move(instance));
    }
  }
  return instances;
}

// The perceptron's weights with the running sums that make averaging cheap:
// the average is current - accumulated / steps (Daumé's trick).
struct Weights {
  explicit Weights(std::size_t features)
      : emission(features * kTagCount, 0.0f),
        emission_sum(features * kTagCount, 0.0f),
        transition(kTransitionRows * kTagCount, 0.0f),
        transition_sum(kTransitionRows * kTagCount, 0.0f) {}

  void update_emission(std::uint32_t feature, Tag tag, float delta, float step) {
    const std::size_t at =
        static_cast<std::size_t>(feature) * kTagCount + static_cast<std::size_t>(tag);
    emission[at] += delta;
    emission_sum[at] += delta * step;
  }
  void update_transition(std::size_t row, Tag tag, float delta, float step) {
    const std::size_t at = row * kTagCount + static_cast<std::size_t>(tag);
    transition[at] += delta;
    transition_sum[at] += delta * step;
  }

  std::vector<float> emission;
  std::vector<float> emission_sum;
  std::vector<float> transition;
  std::vector<float> transition_sum;
};

std::size_t row_before(std::span<const Tag> tags, std::size_t i) {
  return i == 0 ? kStartRow : static_cast<std::size_t>(tags[i - 1]);
}

TaggerModel quantize(const Weights& weights, float steps, const FeatureIndex& index,
                     const std::vector<GazetteerEntry>& gazetteer) {
  auto average = [&](const std::vector<float>& current, const std::vector<float>& sum,
                     std::size_t i) { return current[i] - sum[i] / steps; };
  float largest = 0;
  for (std::size_t i = 0; i < weights.emission.size(); ++i) {
    largest = std::max(largest, std::fabs(average(weights.emission, weights.emission_sum, i)));
  }
  TaggerModel model;
  model.scale = largest > 0 ? largest / 127.0f : 1.0f;
  for (std::size_t i = 0; i < weights.transition.size(); ++i) {
    const float q =
        std::round(average(weights.transition, weights.transition_sum, i) / model.scale);
    model.transitions[i] = static_cast<std::int16_t>(std::clamp(q, -32767.0f, 32767.0f));
  }
  std::vector<std::uint32_t> order(index.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return index.hash(a) < index.hash(b); });
  for (const std::uint32_t feature : order) {
    std::array<std::int8_t, kTagCount> row{};
    bool any = false;
    for (std::size_t t = 0; t < kTagCount; ++t) {
      const float w = average(weights.emission, weights.emission_sum, feature * kTagCount + t);
      row[t] = static_cast<std::int8_t>(std::clamp(std::round(w / model.scale), -127.0f, 127.0f));
      any = any || row[t] != 0;
    }
    if (!any) continue;
    model.feature_hashes.push_back(index.hash(feature));
    model.weights.insert(model.weights.end(), row.begin(), row.end());
  }
  model.gazetteer = gazetteer;
  return model;
}

}  // namespace

TaggerModel train_tagger(const std::vector<LabeledText>& examples,
                         const std::vector<GazetteerEntry>& gazetteer,
                         const TrainingOptions& options, const EpochReport& report) {
  const Gazetteer lists(gazetteer);
  const FeatureExtractor extractor(lists);
  FeatureIndex index;
  const std::vector<Instance> instances = build_instances(examples, extractor, index, options);

  Weights weights(index.size());
  std::vector<std::size_t> order(instances.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  Random random(options.seed);
  std::vector<float> emissions;
  std::vector<Tag> predicted;
  float step = 1;
  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random.below(i)]);
    std::size_t tokens = 0;
    std::size_t wrong = 0;
    for (const std::size_t which : order) {
      const Instance& instance = instances[which];
      const std::size_t n = instance.gold.size();
      emissions.assign(n * kTagCount, 0.0f);
      for (std::size_t t = 0; t < n; ++t) {
        for (std::uint32_t k = instance.offsets[t]; k < instance.offsets[t + 1]; ++k) {
          const float* row =
              weights.emission.data() + static_cast<std::size_t>(instance.features[k]) * kTagCount;
          for (std::size_t tag = 0; tag < kTagCount; ++tag)
            emissions[t * kTagCount + tag] += row[tag];
        }
      }
      viterbi_decode(emissions, weights.transition, predicted);
      tokens += n;
      for (std::size_t t = 0; t < n; ++t) {
        const Tag gold = instance.gold[t];
        const Tag guess = predicted[t];
        const std::size_t gold_row = row_before(instance.gold, t);
        const std::size_t guess_row = row_before(predicted, t);
        if (gold == guess && gold_row == guess_row) continue;
        weights.update_transition(gold_row, gold, 1.0f, step);
        weights.update_transition(guess_row, guess, -1.0f, step);
        if (gold == guess) continue;
        ++wrong;
        for (std::uint32_t k = instance.offsets[t]; k < instance.offsets[t + 1]; ++k) {
          weights.update_emission(instance.features[k], gold, 1.0f, step);
          weights.update_emission(instance.features[k], guess, -1.0f, step);
        }
      }
      ++step;
    }
    if (report)
      report(epoch, tokens == 0 ? 0.0 : static_cast<double>(wrong) / static_cast<double>(tokens));
  }
  return quantize(weights, step, index, gazetteer);
}

}  // namespace hearth::privacy::names::training
