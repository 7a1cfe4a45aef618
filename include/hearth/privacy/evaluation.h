// Measuring the scanner against a labeled corpus: precision, recall and F1
// per entity type. The corpus format is described in data/privacy/eval/README.md.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/privacy/entity.h"
#include "hearth/privacy/scanner.h"

namespace hearth::privacy {

struct LabeledEntity {
  EntityType type = EntityType::person;
  std::size_t begin = 0;  // byte offsets, half-open
  std::size_t end = 0;
};

struct LabeledSnippet {
  std::string id;
  std::string genre;
  std::string text;
  std::vector<LabeledEntity> entities;  // in text order, non-overlapping
};

// Parses JSON Lines text (one snippet per line; blank lines skipped).
// source names the file in error messages. Throws Error(invalid_data) naming
// the line for malformed JSON, unknown types, a label whose text does not
// occur (as a whole token), or labels that overlap.
std::vector<LabeledSnippet> parse_labeled_snippets(std::string_view jsonl, std::string_view source);

// Every *.jsonl file in a folder (in name order), or one file. Ids must be
// unique across the corpus.
std::vector<LabeledSnippet> load_labeled_corpus(const std::filesystem::path& path);

// Counts for one entity type. A prediction matches exactly when its type and
// byte span equal a label's; it overlaps when the type is equal and the spans
// share at least one byte. Each label and each prediction matches at most once.
struct TypeCounts {
  std::size_t labeled = 0;
  std::size_t predicted = 0;
  std::size_t exact = 0;
  std::size_t overlapping = 0;  // includes the exact matches
};

struct Scores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// Scores from counts; exact or overlap matching. A type with no labels and no
// predictions scores 1 (nothing to find, nothing wrongly found).
Scores exact_scores(const TypeCounts& counts) noexcept;
Scores overlap_scores(const TypeCounts& counts) noexcept;

struct Mistake {
  enum class Kind { missed, spurious, wrong_span };
  Kind kind = Kind::missed;
  std::string snippet_id;
  EntityType type = EntityType::person;
  std::string text;  // the labeled text (missed) or the predicted text
};

struct EvaluationReport {
  std::array<TypeCounts, kEntityTypeCount> per_type{};
  std::size_t snippets = 0;
  std::size_t bytes = 0;
  double scan_seconds = 0;  // time spent inside Scanner::scan
  std::vector<Mistake> mistakes;

  TypeCounts total(std::span<const EntityType> types) const noexcept;
};

EvaluationReport evaluate(const Scanner& scanner, std::span<const LabeledSnippet> corpus);

}  // namespace hearth::privacy
