// Labeled training and evaluation text, generated from the templates and
// word lists. Deterministic: the same lists and seed give the same texts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hearth/privacy/entity.h"
#include "word_lists.h"

namespace hearth::privacy::names::training {

struct LabeledSpan {
  EntityType type = EntityType::person;
  std::size_t begin = 0;  // byte offsets, half-open
  std::size_t end = 0;
};

struct LabeledText {
  std::string text;
  std::vector<LabeledSpan> spans;  // sorted, never overlapping
};

// A small deterministic random generator (splitmix64): the standard
// library's distributions differ between implementations, and the model
// file must not.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }
  bool chance(double probability) {
    return static_cast<double>(next() >> 11) * 0x1.0p-53 < probability;
  }

 private:
  std::uint64_t state_;
};

class ExampleGenerator {
 public:
  ExampleGenerator(const WordLists& lists, std::uint64_t seed);

  LabeledText next();
  std::vector<LabeledText> generate(std::size_t count);

 private:
  class Builder;
  void fill_template(const std::string& pattern, Builder& builder);
  void fill_slot(std::string_view slot, Builder& builder);
  std::string person_name();
  std::string family_name();
  std::string organization_name();
  std::string place_name();
  std::string street_address();
  std::string invented_word();
  std::string date();
  const std::string& pick(const std::vector<std::string>& entries);

  const WordLists& lists_;
  Random random_;
};

}  // namespace hearth::privacy::names::training
