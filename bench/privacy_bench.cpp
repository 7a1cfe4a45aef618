// Privacy scanner throughput on 4 MiB of mixed text, built at startup from
// what every checkout has: the labeled snippets of data/privacy/eval (emails,
// chats, records, tickets, code, configs, logs — dense with personal data and
// secrets), English prose from /usr/share/common-licenses and C++ from the
// repository's src/, interleaved in 4 KiB pieces, a third of each; the
// *Sparse variants scan the prose and code alone.
//
//   hearth_bench_privacy --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// MB/s is bytes_per_second. StructuredPass is the Hyperscan pass with its
// validators (the goal: 50 MB/s per core); FullPipeline adds the
// name tagger; PerSnippet scans each labeled snippet as its own request;
// Prompt2KB is one request-sized text, with the scanner's tables in cache
// and evicted; PseudonymizeAndRestore is the work after scanning.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
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

// Interleaves the sources in 4 KiB pieces until the text is kTextBytes long.
std::string interleave(const std::vector<std::string>& sources) {
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
}

std::string prose() {
  return files_under("/usr/share/common-licenses", {});
}
std::string code() {
  return files_under(fs::path(HEARTH_BENCH_SOURCE_DIR) / "src", {".cpp", ".h"});
}

// A third each of labeled snippets (every one holds personal data or a
// secret, so this is far denser in findings than everyday text), prose and code.
const std::string& mixed_text() {
  static const std::string text = [] {
    std::string labeled;
    for (const LabeledSnippet& snippet : snippets()) labeled += snippet.text + "\n\n";
    return interleave({labeled, prose(), code()});
  }();
  return text;
}

// Prose and code only: the cost of scanning text with little to find.
const std::string& sparse_text() {
  static const std::string text = interleave({prose(), code()});
  return text;
}

void scan_text(benchmark::State& state, const std::string& text, bool names) {
  ScannerOptions options;
  options.detect_names = names;
  const Scanner scanner(options);
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
  scan_text(state, mixed_text(), false);
}
BENCHMARK(BM_StructuredPass)->Unit(benchmark::kMillisecond);

void BM_StructuredPassSparse(benchmark::State& state) {
  scan_text(state, sparse_text(), false);
}
BENCHMARK(BM_StructuredPassSparse)->Unit(benchmark::kMillisecond);

void BM_FullPipeline(benchmark::State& state) {
  scan_text(state, mixed_text(), true);
}
BENCHMARK(BM_FullPipeline)->Unit(benchmark::kMillisecond);

void BM_FullPipelineSparse(benchmark::State& state) {
  scan_text(state, sparse_text(), true);
}
BENCHMARK(BM_FullPipelineSparse)->Unit(benchmark::kMillisecond);

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

// One 2 KB request (the start of the labeled snippets) scanned as a server
// scans it: arg 0 back to back (the tables stay in cache), arg 1 after 32 MiB
// of other memory traffic, as between the requests of a server that does
// other work (HTTP, JSON, SQLite, the provider's answer) in between.
void BM_Prompt2KB(benchmark::State& state) {
  const Scanner scanner;
  std::string labeled;
  for (const LabeledSnippet& snippet : snippets()) labeled += snippet.text + "\n\n";
  const std::string prompt = labeled.substr(0, 2048);
  const bool evict = state.range(0) == 1;
  std::vector<char> other(std::size_t{32} << 20, 1);
  for (auto _ : state) {
    if (evict) {
      for (std::size_t i = 0; i < other.size(); i += 64) other[i] = static_cast<char>(other[i] + 1);
      benchmark::ClobberMemory();
    }
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(scanner.scan(prompt).size());
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * prompt.size()));
}
BENCHMARK(BM_Prompt2KB)->Arg(0)->Arg(1)->UseManualTime()->Unit(benchmark::kMicrosecond);

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
