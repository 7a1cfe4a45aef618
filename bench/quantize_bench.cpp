// Throughput of the reference codecs on a 64 x 4096 matrix of Gaussian
// weights (1 MiB of F32). Bytes processed count the F32 side, so quantize and
// dequantize figures compare directly. Each quantize benchmark also reports
// the round trip's RMSE relative to the data's RMS.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "hearth/tensor/quantize.h"

namespace hearth::tensor {
namespace {

constexpr std::size_t kRowLength = 4096;
constexpr std::size_t kRows = 64;

constexpr TensorType kBenchmarkedTypes[] = {
    TensorType::f32,  TensorType::f16,  TensorType::bf16, TensorType::q8_0,
    TensorType::q6_k, TensorType::q5_k, TensorType::q5_1, TensorType::q5_0,
    TensorType::q4_k, TensorType::q4_1, TensorType::q4_0,
};

const std::vector<float>& weights() {
  static const std::vector<float> values = [] {
    std::mt19937_64 generator(2024);
    std::normal_distribution<float> distribution(0.0f, 0.02f);
    std::vector<float> generated(kRowLength * kRows);
    for (float& value : generated) value = distribution(generator);
    return generated;
  }();
  return values;
}

std::vector<std::byte> quantized(TensorType type, const std::vector<float>& values) {
  std::vector<std::byte> bytes(*bytes_for_elements(type, values.size()));
  quantize(type, values, bytes);
  return bytes;
}

double relative_rmse(TensorType type, const std::vector<float>& values) {
  std::vector<float> decoded(values.size());
  dequantize(type, quantized(type, values), decoded);
  double error = 0.0;
  double energy = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double difference = double{values[i]} - double{decoded[i]};
    error += difference * difference;
    energy += double{values[i]} * double{values[i]};
  }
  return std::sqrt(error / energy);
}

void quantize_benchmark(benchmark::State& state, TensorType type) {
  const std::vector<float>& values = weights();
  std::vector<std::byte> bytes(*bytes_for_elements(type, values.size()));
  for (auto _ : state) {
    quantize(type, values, bytes);
    benchmark::DoNotOptimize(bytes.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * values.size() * sizeof(float)));
  state.counters["relative_rmse"] = relative_rmse(type, values);
  state.counters["bits_per_weight"] =
      8.0 * static_cast<double>(bytes.size()) / static_cast<double>(values.size());
}

void dequantize_benchmark(benchmark::State& state, TensorType type) {
  const std::vector<std::byte> bytes = quantized(type, weights());
  std::vector<float> decoded(weights().size());
  for (auto _ : state) {
    dequantize(type, bytes, decoded);
    benchmark::DoNotOptimize(decoded.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * decoded.size() * sizeof(float)));
}

const bool kRegistered = [] {
  for (const TensorType type : kBenchmarkedTypes) {
    const std::string name(type_name(type));
    benchmark::RegisterBenchmark(("quantize/" + name).c_str(), quantize_benchmark, type)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("dequantize/" + name).c_str(), dequantize_benchmark, type)
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

}  // namespace
}  // namespace hearth::tensor
