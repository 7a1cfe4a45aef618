#include "redact_evaluation.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "hearth/privacy/evaluation.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

using privacy::EntityType;

bool is_name_type(EntityType type) {
  return type == EntityType::person || type == EntityType::organization ||
         type == EntityType::location || type == EntityType::street_address;
}

// The targets the privacy boundary is held to: identifiers and secrets must
// almost never be missed; names are judged on F1.
bool meets_target(EntityType type, const privacy::Scores& scores) {
  if (is_name_type(type)) return scores.f1 >= 0.85;
  return scores.recall >= 0.99 && scores.precision >= 0.95;
}

std::string_view mistake_kind_name(privacy::Mistake::Kind kind) {
  switch (kind) {
    case privacy::Mistake::Kind::missed:
      return "missed";
    case privacy::Mistake::Kind::spurious:
      return "spurious";
    case privacy::Mistake::Kind::wrong_span:
      return "wrong span";
  }
  return "?";
}

void print_row(std::string_view name, const privacy::TypeCounts& counts, std::string_view target) {
  const privacy::Scores exact = privacy::exact_scores(counts);
  const privacy::Scores overlap = privacy::overlap_scores(counts);
  fmt::print("{:<16} {:>7} {:>9}  {:>9.3f} {:>6.3f} {:>6.3f}  {:>9.3f} {:>6.3f} {:>6.3f}  {}\n",
             name, counts.labeled, counts.predicted, exact.precision, exact.recall, exact.f1,
             overlap.precision, overlap.recall, overlap.f1, target);
}

std::vector<EntityType> all_types() {
  std::vector<EntityType> types;
  for (std::size_t i = 0; i < privacy::kEntityTypeCount; ++i) {
    types.push_back(static_cast<EntityType>(i));
  }
  return types;
}

void print_table(const privacy::EvaluationReport& report) {
  fmt::print("{:<16} {:>7} {:>9}  {:>9} {:>6} {:>6}  {:>9} {:>6} {:>6}  {}\n", "type", "labeled",
             "predicted", "precision", "recall", "F1", "overlap P", "R", "F1", "target");
  std::vector<EntityType> names;
  std::vector<EntityType> structured;
  for (const EntityType type : all_types()) {
    const privacy::TypeCounts& counts = report.per_type[static_cast<std::size_t>(type)];
    (is_name_type(type) ? names : structured).push_back(type);
    if (counts.labeled == 0 && counts.predicted == 0) continue;
    const bool met = meets_target(type, privacy::exact_scores(counts));
    const std::string target = is_name_type(type) ? "F1 >= 0.85" : "R >= 0.99, P >= 0.95";
    print_row(privacy::entity_type_name(type), counts,
              fmt::format("{} {}", target, met ? "met" : "MISSED"));
  }
  fmt::print("\n");
  print_row("identifiers+secrets", report.total(structured), "(micro-average)");
  print_row("names", report.total(names), "(micro-average)");
  print_row("all", report.total(all_types()), "(micro-average)");
  const double megabytes = static_cast<double>(report.bytes) / 1e6;
  fmt::print(
      "\n{} snippets, {:.2f} MB scanned in {:.1f} ms ({:.1f} MB/s); exact = same type and "
      "byte span, overlap = same type, spans share a byte\n",
      report.snippets, megabytes, report.scan_seconds * 1e3,
      report.scan_seconds > 0 ? megabytes / report.scan_seconds : 0.0);
}

nlohmann::json report_json(const privacy::EvaluationReport& report, bool verbose) {
  nlohmann::json types = nlohmann::json::object();
  for (const EntityType type : all_types()) {
    const privacy::TypeCounts& counts = report.per_type[static_cast<std::size_t>(type)];
    if (counts.labeled == 0 && counts.predicted == 0) continue;
    const privacy::Scores exact = privacy::exact_scores(counts);
    const privacy::Scores overlap = privacy::overlap_scores(counts);
    types[std::string(privacy::entity_type_name(type))] = {
        {"labeled", counts.labeled},
        {"predicted", counts.predicted},
        {"exact", {{"precision", exact.precision}, {"recall", exact.recall}, {"f1", exact.f1}}},
        {"overlap",
         {{"precision", overlap.precision}, {"recall", overlap.recall}, {"f1", overlap.f1}}},
        {"target_met", meets_target(type, exact)},
    };
  }
  nlohmann::json output = {{"snippets", report.snippets},
                           {"bytes", report.bytes},
                           {"scan_seconds", report.scan_seconds},
                           {"types", types}};
  if (verbose) {
    nlohmann::json mistakes = nlohmann::json::array();
    for (const privacy::Mistake& mistake : report.mistakes) {
      mistakes.push_back({{"kind", mistake_kind_name(mistake.kind)},
                          {"snippet", mistake.snippet_id},
                          {"type", privacy::entity_type_name(mistake.type)},
                          {"text", mistake.text}});
    }
    output["mistakes"] = std::move(mistakes);
  }
  return output;
}

}  // namespace

int run_redact_evaluation(const privacy::ScannerOptions& options, const std::string& corpus,
                          bool json, bool verbose) {
  const std::vector<privacy::LabeledSnippet> snippets = privacy::load_labeled_corpus(corpus);
  const privacy::Scanner scanner(options);
  const privacy::EvaluationReport report = privacy::evaluate(scanner, snippets);
  if (json) {
    fmt::print(
        "{}\n",
        report_json(report, verbose).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return kExitOk;
  }
  print_table(report);
  if (verbose) {
    fmt::print("\nmistakes:\n");
    for (const privacy::Mistake& mistake : report.mistakes) {
      fmt::print("  {:<10} {:<14} {:<16} {:?}\n", mistake_kind_name(mistake.kind),
                 mistake.snippet_id, privacy::entity_type_name(mistake.type), mistake.text);
    }
  }
  return kExitOk;
}

}  // namespace hearth::cli
