// libFuzzer target for loading a model: any input must either become a
// Transformer or be refused with hearth::Error. One that loads and is small
// enough is also run for two tokens, so that shapes the loader accepted
// cannot crash the forward pass (logits of garbage weights may be anything).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fuzz_read_limits.h"
#include "hearth/gguf/file.h"
#include "hearth/model/kv_cache.h"
#include "hearth/model/transformer.h"
#include "hearth/tensor/kernel_level.h"
#include "hearth/util/error.h"
#include "hearth/util/thread_pool.h"

namespace {

// Keeps each input to a few milliseconds.
bool small_enough(const hearth::model::Hyperparameters& hp) {
  return hp.n_layer <= 4 && std::uint64_t{hp.n_vocab} * hp.n_embd <= (1u << 16) &&
         hp.n_ff <= 4096 && hp.q_width() <= 4096;
}

void run_two_tokens(const hearth::model::Transformer& transformer) {
  using namespace hearth;
  const model::Hyperparameters& hp = transformer.hyperparameters();
  if (!small_enough(hp)) return;
  for (tensor::TensorType cache_type : {tensor::TensorType::f16, tensor::TensorType::q8_0}) {
    if (hp.head_dim % 32 != 0 && cache_type == tensor::TensorType::q8_0) continue;
    model::KvCache cache(hp, 4, 1, cache_type);
    ThreadPool pool(2);
    model::ForwardWorkspace workspace;
    const std::int32_t last = static_cast<std::int32_t>(hp.n_vocab - 1);
    const model::BatchToken batch[] = {{0, 0, 0, true}, {last, 1, 0, true}};
    std::vector<float> logits(2 * std::size_t{hp.n_vocab});
    for (tensor::KernelLevel level : tensor::supported_kernel_levels()) {
      transformer.forward(batch, cache, workspace, pool, level, logits);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    const hearth::gguf::File file =
        hearth::gguf::File::parse(bytes, hearth::fuzzing::fuzz_read_limits());
    const hearth::model::Transformer transformer(file);
    run_two_tokens(transformer);
  } catch (const hearth::Error&) {
    // Refusing the input with a clear error is the expected outcome.
  }
  return 0;
}
