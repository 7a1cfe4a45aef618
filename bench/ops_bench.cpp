// The vector ops of a transformer layer at each kernel level, and the cost of
// handing out a parallel loop.
//
// attend uses Qwen2.5-0.5B's grouping (7 query heads per KV head, head_dim
// 64) over 128, 512 and 4096 cached positions; items processed count cached
// positions, so the figure is positions attended per second.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "hearth/tensor/kernel_level.h"
#include "hearth/tensor/ops.h"
#include "hearth/tensor/type.h"
#include "hearth/util/thread_pool.h"

namespace hearth::tensor {
namespace {

std::vector<float> random_values(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<float> distribution(0.0f, 1.0f);
  std::vector<float> values(count);
  for (float& value : values) value = distribution(generator);
  return values;
}

constexpr std::int32_t kQueriesPerKvHead = 7;
constexpr std::int32_t kHeadDim = 64;

void attend_benchmark(benchmark::State& state, KernelLevel level, TensorType type) {
  const std::int64_t n_kv = state.range(0);
  const std::size_t row_bytes = *bytes_for_elements(type, kHeadDim);
  std::vector<std::byte> keys(row_bytes * n_kv);
  std::vector<std::byte> values(row_bytes * n_kv);
  const std::vector<float> rows = random_values(2 * kHeadDim * n_kv, 1);
  for (std::int64_t j = 0; j < n_kv; ++j) {
    store_kv_row(type, rows.data() + j * kHeadDim, keys.data() + j * row_bytes, kHeadDim, level);
    store_kv_row(type, rows.data() + (n_kv + j) * kHeadDim, values.data() + j * row_bytes, kHeadDim,
                 level);
  }
  const std::vector<float> q = random_values(kQueriesPerKvHead * kHeadDim, 2);
  std::vector<float> out(kQueriesPerKvHead * kHeadDim);
  std::vector<float> scratch(attention_scratch_floats(kQueriesPerKvHead, n_kv));
  const KvHeadView key_view{type, keys.data(), row_bytes};
  const KvHeadView value_view{type, values.data(), row_bytes};
  for (auto _ : state) {
    attend(q.data(), kHeadDim, kQueriesPerKvHead, kHeadDim, key_view, value_view, n_kv, 0.125f,
           out.data(), kHeadDim, scratch.data(), level);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * n_kv);
}

// Qwen2.5-0.5B's hidden size and feed-forward width; a 4096-entry softmax
// row is one head's scores at 4096 positions.
void rms_norm_benchmark(benchmark::State& state, KernelLevel level) {
  const std::int64_t n = 896;
  const std::vector<float> x = random_values(n, 3);
  const std::vector<float> weight = random_values(n, 4);
  std::vector<float> out(n);
  for (auto _ : state) {
    rms_norm(x.data(), weight.data(), out.data(), n, 1e-6f, level);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void silu_mul_benchmark(benchmark::State& state, KernelLevel level) {
  const std::int64_t n = 4864;
  const std::vector<float> gate = random_values(n, 5);
  const std::vector<float> up = random_values(n, 6);
  std::vector<float> out(n);
  for (auto _ : state) {
    silu_mul(gate.data(), up.data(), out.data(), n, level);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void softmax_benchmark(benchmark::State& state, KernelLevel level) {
  const std::int64_t n = 4096;
  const std::vector<float> source = random_values(n, 7);
  std::vector<float> x(n);
  for (auto _ : state) {
    state.PauseTiming();
    x = source;
    state.ResumeTiming();
    softmax(x.data(), n, level);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// One run() of `count` empty tasks on a pool of 2: the fixed cost a forward
// pass pays a few hundred times per token.
void thread_pool_dispatch_benchmark(benchmark::State& state) {
  static ThreadPool pool(2);
  const auto count = static_cast<std::size_t>(state.range(0));
  const auto task = [](std::size_t index, unsigned thread) {
    benchmark::DoNotOptimize(index + thread);
  };
  for (auto _ : state) pool.run(count, task);
}

BENCHMARK(thread_pool_dispatch_benchmark)->Arg(2)->Arg(64);

const bool registered = [] {
  for (KernelLevel level : supported_kernel_levels()) {
    const std::string name(kernel_level_name(level));
    for (TensorType type : {TensorType::f16, TensorType::q8_0}) {
      benchmark::RegisterBenchmark(
          ("attend_qwen2_5_0_5b/" + name + "/" + std::string(type_name(type))).c_str(),
          attend_benchmark, level, type)
          ->Arg(128)
          ->Arg(512)
          ->Arg(4096);
    }
    benchmark::RegisterBenchmark(("rms_norm_896/" + name).c_str(), rms_norm_benchmark, level);
    benchmark::RegisterBenchmark(("silu_mul_4864/" + name).c_str(), silu_mul_benchmark, level);
    benchmark::RegisterBenchmark(("softmax_4096/" + name).c_str(), softmax_benchmark, level);
  }
  return true;
}();

}  // namespace
}  // namespace hearth::tensor
