// Privacy scanner throughput on 4 MiB of mixed text, built at startup from
// what every checkout has: the labeled snippets of data/privacy/eval (emails,
// chats, records, tickets, code, configs, logs — dense with personal data and
// secrets), English prose from /usr/share/common-licenses and C++ from the
// repository's src/, interleaved in 4 KiB pieces, a third of each.
//
//   hearth_bench_privacy --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// MB/s is bytes_per_second. StructuredPass is the Hyperscan pass with its
// validators (the goal: 50 MB/s per core); FullPipeline adds the
// name tagger; PerSnippet scans each labeled snippet as its own request;
// PseudonymizeAndRestore is the work after scanning.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_files.h"
#include "hearth/privacy/evaluation.h"
#include "hearth/privacy/pseudonymize.h"
#include "hearth/privacy/scanner.h"

namespace hearth::privacy {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kTextBytes = std::size_t{4} << 20;
constexpr std::size_t kPieceBytes = 4096;

// Files under root with one of the extensions (any file when none given).
std::string files_under(const fs::path& root, const std::vector<std::string>& extensions) {
  return bench::concatenate_files(root, [&](const fs::path& path) {
    return extensions.empty() ||
           std::find(extensions.begin(), extensions.end(), path.extension()) != extensions.end();
  });
}

const std::vector<LabeledSnippet>& snippets() {
  static const std::vector<LabeledSnippet> corpus =
      load_labeled_corpus(fs::path(HEARTH_BENCH_SOURCE_DIR) / "data/privacy/eval");
  return corpus;
}

const std::string& mixed_text() {
  static const std::string text = [] {
    std::string labeled;
    for (const LabeledSnippet& snippet : snippets()) labeled += snippet.text + "\n\n";
    const std::vector<std::string> sources = {
        labeled, files_under("/usr/share/common-licenses", {}),
        files_under(fs::path(HEARTH_BENCH_SOURCE_DIR) / "src", {".cpp", ".h"})};
    std::string mixed;
    std::vector<std::size_t> offsets(sources.size(), 0);
    while (mixed.size() < kTextBytes) {
      for (std::size_t i = 0; i < sources.size(); ++i) {
        if (sources[i].empty()) continue;
        if (offsets[i] >= sources[i].size()) offsets[i] = 0;
        mixed += sources[i].substr(offsets[i], kPieceBytes);
        offsets[i] += kPieceBytes;
      }
    }
    return mixed;
  }();
  return text;
}

void scan_mixed_text(benchmark::State& state, bool names) {
  ScannerOptions options;
  options.detect_names = names;
  const Scanner scanner(options);
  const std::string& text = mixed_text();
  std::size_t findings = 0;
  for (auto _ : state) {
    const std::vector<Finding> found = scanner.scan(text);
    findings = found.size();
    benchmark::DoNotOptimize(found.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["findings"] = static_cast<double>(findings);
}

void BM_StructuredPass(benchmark::State& state) {
  scan_mixed_text(state, false);
}
BENCHMARK(BM_StructuredPass)->Unit(benchmark::kMillisecond);

void BM_FullPipeline(benchmark::State& state) {
  scan_mixed_text(state, true);
}
BENCHMARK(BM_FullPipeline)->Unit(benchmark::kMillisecond);

void BM_PerSnippet(benchmark::State& state) {
  const Scanner scanner;
  std::size_t bytes = 0;
  for (const LabeledSnippet& snippet : snippets()) bytes += snippet.text.size();
  for (auto _ : state) {
    for (const LabeledSnippet& snippet : snippets()) {
      benchmark::DoNotOptimize(scanner.scan(snippet.text).size());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["snippets"] = static_cast<double>(snippets().size());
}
BENCHMARK(BM_PerSnippet)->Unit(benchmark::kMillisecond);

void BM_PseudonymizeAndRestore(benchmark::State& state) {
  const Scanner scanner;
  const std::string& text = mixed_text();
  const std::vector<Finding> findings = scanner.scan(text);
  for (auto _ : state) {
    Vault vault;
    const Pseudonymized redacted = pseudonymize(text, findings, Policy(), vault);
    benchmark::DoNotOptimize(restore(redacted.text, vault).size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_PseudonymizeAndRestore)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hearth::privacy
