// Cost of one Sampler::sample() call on a Qwen2-sized vocabulary (151,936
// logits), for the settings the engine and the server use most.
//
// Two kinds of logits: "peaked" looks like a language model's (Gaussian noise
// with a dozen clear favourites, so top-p keeps a handful of tokens), "flat"
// is Gaussian noise alone, the worst case for top-p without top-k (the
// nucleus covers most of the vocabulary).
//
//   hearth_bench_sampling --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "hearth/sampling/sampler.h"

namespace hearth::sampling {
namespace {

constexpr std::int32_t kVocabSize = 151936;

std::vector<float> make_logits(bool peaked) {
  std::mt19937_64 generator(42);
  std::normal_distribution<float> noise(0.0f, 2.0f);
  std::vector<float> logits(kVocabSize);
  for (float& logit : logits) logit = noise(generator);
  if (peaked) {
    for (std::int32_t i = 0; i < 12; ++i) logits[(i * 7919 + 13) % kVocabSize] = 18.0f - i;
  }
  return logits;
}

void run(benchmark::State& state, const SamplingParams& params, bool peaked) {
  const std::vector<float> logits = make_logits(peaked);
  Sampler sampler(params, kVocabSize);
  for (auto _ : state) {
    SampledToken token = sampler.sample(logits);
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(state.iterations());
}

SamplingParams greedy() {
  SamplingParams params;
  params.temperature = 0.0f;
  return params;
}

SamplingParams top_p_only() {
  SamplingParams params;
  params.top_k = 0;
  params.min_p = 0.0f;
  params.top_p = 0.95f;
  return params;
}

SamplingParams default_chain_with_logprobs() {
  SamplingParams params;
  params.top_logprobs = 5;
  return params;
}

SamplingParams default_chain_with_penalties() {
  SamplingParams params;
  params.repeat_penalty = 1.1f;
  params.frequency_penalty = 0.5f;
  params.presence_penalty = 0.5f;
  return params;
}

void BM_Greedy(benchmark::State& state) {
  run(state, greedy(), true);
}
void BM_DefaultChain(benchmark::State& state) {
  run(state, SamplingParams{}, true);
}
void BM_DefaultChainPenalties(benchmark::State& state) {
  run(state, default_chain_with_penalties(), true);
}
void BM_TopPOnlyPeaked(benchmark::State& state) {
  run(state, top_p_only(), true);
}
void BM_TopPOnlyFlat(benchmark::State& state) {
  run(state, top_p_only(), false);
}
void BM_DefaultChainTopLogprobs5(benchmark::State& state) {
  run(state, default_chain_with_logprobs(), true);
}

BENCHMARK(BM_Greedy)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DefaultChain)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DefaultChainPenalties)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TopPOnlyPeaked)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TopPOnlyFlat)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DefaultChainTopLogprobs5)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hearth::sampling
