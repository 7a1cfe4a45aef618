#include "hearth/privacy/evaluation.h"

#include <chrono>

namespace hearth::privacy {
namespace {

double ratio(std::size_t numerator, std::size_t denominator) noexcept {
  return denominator == 0 ? 1.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

Scores scores(std::size_t matched, const TypeCounts& counts) noexcept {
  Scores result;
  result.precision = ratio(matched, counts.predicted);
  result.recall = ratio(matched, counts.labeled);
  const double sum = result.precision + result.recall;
  result.f1 = sum == 0 ? 0 : 2 * result.precision * result.recall / sum;
  return result;
}

bool overlaps(const LabeledEntity& label, const Finding& finding) noexcept {
  return label.type == finding.type && finding.byte_begin < label.end &&
         label.begin < finding.byte_end;
}

bool equals(const LabeledEntity& label, const Finding& finding) noexcept {
  return label.type == finding.type && label.begin == finding.byte_begin &&
         label.end == finding.byte_end;
}

// Matches one snippet's labels against its findings: exact matches first,
// then one-to-one overlaps among what is left, then the mistakes.
void score_snippet(const LabeledSnippet& snippet, const std::vector<Finding>& findings,
                   EvaluationReport& report) {
  std::vector<bool> label_exact(snippet.entities.size(), false);
  std::vector<bool> label_overlapped(snippet.entities.size(), false);
  std::vector<bool> finding_used(findings.size(), false);
  for (const Finding& finding : findings) {
    ++report.per_type[static_cast<std::size_t>(finding.type)].predicted;
  }
  for (std::size_t l = 0; l < snippet.entities.size(); ++l) {
    const LabeledEntity& label = snippet.entities[l];
    TypeCounts& counts = report.per_type[static_cast<std::size_t>(label.type)];
    ++counts.labeled;
    for (std::size_t f = 0; f < findings.size(); ++f) {
      if (!finding_used[f] && equals(label, findings[f])) {
        finding_used[f] = label_exact[l] = label_overlapped[l] = true;
        ++counts.exact;
        ++counts.overlapping;
        break;
      }
    }
  }
  for (std::size_t l = 0; l < snippet.entities.size(); ++l) {
    if (label_exact[l]) continue;
    const LabeledEntity& label = snippet.entities[l];
    const std::string labeled_text = snippet.text.substr(label.begin, label.end - label.begin);
    bool matched = false;
    for (std::size_t f = 0; f < findings.size() && !matched; ++f) {
      if (finding_used[f] || !overlaps(label, findings[f])) continue;
      finding_used[f] = matched = true;
      ++report.per_type[static_cast<std::size_t>(label.type)].overlapping;
      report.mistakes.push_back({Mistake::Kind::wrong_span, snippet.id, label.type,
                                 labeled_text + " -> " + findings[f].text});
    }
    if (!matched)
      report.mistakes.push_back({Mistake::Kind::missed, snippet.id, label.type, labeled_text});
  }
  for (std::size_t f = 0; f < findings.size(); ++f) {
    if (!finding_used[f]) {
      report.mistakes.push_back(
          {Mistake::Kind::spurious, snippet.id, findings[f].type, findings[f].text});
    }
  }
}

}  // namespace

Scores exact_scores(const TypeCounts& counts) noexcept {
  return scores(counts.exact, counts);
}
Scores overlap_scores(const TypeCounts& counts) noexcept {
  return scores(counts.overlapping, counts);
}

TypeCounts EvaluationReport::total(std::span<const EntityType> types) const noexcept {
  TypeCounts sum;
  for (const EntityType type : types) {
    const TypeCounts& counts = per_type[static_cast<std::size_t>(type)];
    sum.labeled += counts.labeled;
    sum.predicted += counts.predicted;
    sum.exact += counts.exact;
    sum.overlapping += counts.overlapping;
  }
  return sum;
}

EvaluationReport evaluate(const Scanner& scanner, std::span<const LabeledSnippet> corpus) {
  EvaluationReport report;
  for (const LabeledSnippet& snippet : corpus) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<Finding> findings = scanner.scan(snippet.text);
    report.scan_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    score_snippet(snippet, findings, report);
    ++report.snippets;
    report.bytes += snippet.text.size();
  }
  return report;
}

}  // namespace hearth::privacy
