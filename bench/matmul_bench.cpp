// tensor::multiply on Qwen2.5-0.5B's matrix shapes, one thread, per weight
// type and kernel level. Counters: weight_GB/s (weight bytes streamed per
// second, the figure that matters for 1-token generation) and GFLOP/s
// (2 * rows * cols * tokens per second, the one for prompts). Activations are
// converted once outside the timed loop.
//
// Arguments: rows, cols, tokens, kernel level.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "hearth/tensor/matmul.h"
#include "hearth/tensor/quantize.h"

namespace hearth::tensor {
namespace {

constexpr TensorType kTypes[] = {
    TensorType::f32,  TensorType::f16,  TensorType::bf16, TensorType::q8_0,
    TensorType::q4_0, TensorType::q4_1, TensorType::q5_0, TensorType::q5_1,
    TensorType::q4_k, TensorType::q5_k, TensorType::q6_k,
};

struct Shape {
  std::int64_t rows;
  std::int64_t cols;
};

// q/o, k/v, gate/up, down, output head.
constexpr Shape kShapes[] = {{896, 896}, {128, 896}, {4864, 896}, {896, 4864}, {151936, 896}};

std::vector<float> random_values(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<float> distribution(0.0f, 0.02f);
  std::vector<float> values(count);
  for (float& value : values) value = distribution(generator);
  return values;
}

// Quantizing 136M values would dominate the run: large matrices repeat a
// quantized 1024-row pattern, which streams from memory just the same.
std::vector<std::byte> weights_for(TensorType type, std::int64_t rows, std::int64_t cols) {
  const std::int64_t pattern_rows = rows < 1024 ? rows : 1024;
  const std::size_t row_bytes = *bytes_for_elements(type, static_cast<std::uint64_t>(cols));
  std::vector<std::byte> pattern(row_bytes * static_cast<std::size_t>(pattern_rows));
  quantize(type, random_values(static_cast<std::size_t>(pattern_rows * cols), 7), pattern);
  std::vector<std::byte> bytes(row_bytes * static_cast<std::size_t>(rows));
  for (std::size_t offset = 0; offset < bytes.size(); offset += pattern.size()) {
    const std::size_t size = std::min(pattern.size(), bytes.size() - offset);
    std::copy_n(pattern.begin(), size, bytes.begin() + static_cast<std::ptrdiff_t>(offset));
  }
  return bytes;
}

void multiply_benchmark(benchmark::State& state, TensorType type) {
  const std::int64_t rows = state.range(0);
  const std::int64_t cols = state.range(1);
  const std::int64_t tokens = state.range(2);
  const auto level = static_cast<KernelLevel>(state.range(3));
  state.SetLabel(std::string(kernel_level_name(level)));
  if (!is_supported(level)) {
    state.SkipWithError("kernel level not supported here");
    return;
  }
  const std::vector<std::byte> bytes = weights_for(type, rows, cols);
  const WeightMatrix weight{type, rows, cols, bytes.data(),
                            bytes.size() / static_cast<std::size_t>(rows)};
  const std::vector<float> input = random_values(static_cast<std::size_t>(tokens * cols), 11);
  Activations x;
  x.reshape(type, tokens, cols);
  x.convert(input.data(), cols, 0, tokens, level);
  std::vector<float> y(static_cast<std::size_t>(tokens * rows));
  for (auto _ : state) {
    multiply(weight, x, 0, rows, y.data(), rows, level);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["weight_GB/s"] = benchmark::Counter(
      iterations * static_cast<double>(bytes.size()) * 1e-9, benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] =
      benchmark::Counter(iterations * 2.0 * static_cast<double>(rows * cols * tokens) * 1e-9,
                         benchmark::Counter::kIsRate);
}

void register_all() {
  for (const TensorType type : kTypes) {
    const std::string name = "multiply/" + std::string(type_name(type));
    auto* benchmark = benchmark::RegisterBenchmark(
        name.c_str(), [type](benchmark::State& state) { multiply_benchmark(state, type); });
    benchmark->ArgNames({"rows", "cols", "tokens", "level"});
    benchmark->Unit(benchmark::kMicrosecond);
    for (const KernelLevel level : {KernelLevel::scalar, KernelLevel::avx2, KernelLevel::avx512}) {
      for (const std::int64_t tokens : {1, 64, 512}) {
        for (const Shape shape : kShapes) {
          // The scalar twin is a reference, not a contender: time it on the
          // small shapes only.
          if (level == KernelLevel::scalar &&
              (shape.rows * shape.cols > 896 * 896 || tokens > 64)) {
            continue;
          }
          // K-quants need whole 256-value rows: in Qwen2.5-0.5B only the down
          // projection has them (llama.cpp stores the rest as Q5_0/Q8_0).
          if (shape.cols % type_traits(type).block_size != 0) continue;
          // The output head is computed for one token per prompt.
          if (shape.rows > 100000 && tokens > 1) continue;
          benchmark->Args({shape.rows, shape.cols, tokens, static_cast<std::int64_t>(level)});
        }
      }
    }
  }
}

const int kRegistered = (register_all(), 0);

}  // namespace
}  // namespace hearth::tensor
