// Encode throughput of each tokenizer family on 4 MiB of mixed text, built at
// startup from what every checkout has (nothing is downloaded): English prose
// from /usr/share/common-licenses, C++ from the repository's src/ and
// include/, and non-Latin scripts and emoji from bench/data/multilingual.txt
// and the golden .inp strings. The repository's own code grows with it, so
// compare figures taken on the same checkout.
//
//   hearth_bench_tokenizer --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench_files.h"
#include "hearth/gguf/file.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth::tokenizer {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kCorpusBytes = std::size_t{4} << 20;

using bench::concatenate_files;
using bench::read_file;

fs::path shared_dir() {
  if (const char* from_env = std::getenv("HEARTH_SHARED_DIR"); from_env && *from_env) {
    return from_env;
  }
  return HEARTH_BENCH_SHARED_DIR;
}

std::string multilingual_text() {
  std::string text = read_file(fs::path(HEARTH_BENCH_SOURCE_DIR) / "bench/data/multilingual.txt");
  // The golden strings of one family (all six files hold the same ones).
  const std::string golden = read_file(shared_dir() / "vocab/ggml-vocab-qwen2.gguf.inp");
  constexpr std::string_view kSeparator = "__ggml_vocab_test__\n";
  for (std::size_t start = 0; start < golden.size();) {
    const std::size_t end = std::min(golden.find(kSeparator, start), golden.size());
    text.append(golden, start, end - start);
    start = end + kSeparator.size();
  }
  return text;
}

const std::string& corpus() {
  static const std::string text = [] {
    const std::string prose =
        concatenate_files("/usr/share/common-licenses", [](const fs::path&) { return true; });
    const auto is_cpp = [](const fs::path& path) {
      return path.extension() == ".cpp" || path.extension() == ".h";
    };
    const fs::path source(HEARTH_BENCH_SOURCE_DIR);
    const std::string code =
        concatenate_files(source / "src", is_cpp) + concatenate_files(source / "include", is_cpp);
    const std::string multilingual = multilingual_text();
    // Each round: the prose, the code, and the multilingual text repeated to
    // a quarter of their size, so non-Latin scripts weigh in too.
    std::string mixed;
    mixed.reserve(kCorpusBytes + prose.size() + code.size());
    while (mixed.size() < kCorpusBytes) {
      mixed += prose;
      mixed += code;
      for (std::size_t added = 0; added < (prose.size() + code.size()) / 4;
           added += multilingual.size()) {
        mixed += multilingual;
      }
    }
    // Cut at a character boundary.
    std::size_t size = kCorpusBytes;
    while (size > 0 && (static_cast<unsigned char>(mixed[size]) & 0xC0) == 0x80) --size;
    mixed.resize(size);
    return mixed;
  }();
  return text;
}

const Tokenizer& tokenizer(const std::string& family) {
  static std::map<std::string, std::unique_ptr<Tokenizer>> loaded;
  std::unique_ptr<Tokenizer>& slot = loaded[family];
  if (!slot) {
    const gguf::File file =
        gguf::File::open(shared_dir() / ("vocab/ggml-vocab-" + family + ".gguf"));
    slot = std::make_unique<Tokenizer>(Tokenizer::from_file(file));
  }
  return *slot;
}

void encode(benchmark::State& state, const std::string& family) {
  const Tokenizer& chosen = tokenizer(family);
  const std::string& text = corpus();
  std::size_t token_count = 0;
  for (auto _ : state) {
    const std::vector<TokenId> ids = chosen.encode(text, {.add_special = false});
    token_count = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = static_cast<double>(token_count);
  state.counters["bytes/token"] =
      static_cast<double>(text.size()) / static_cast<double>(std::max<std::size_t>(token_count, 1));
}

BENCHMARK_CAPTURE(encode, llama_spm, std::string("llama-spm"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(encode, phi_3, std::string("phi-3"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(encode, llama_bpe, std::string("llama-bpe"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(encode, qwen2, std::string("qwen2"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(encode, gpt_2, std::string("gpt-2"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(encode, bert_bge, std::string("bert-bge"))->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hearth::tokenizer
