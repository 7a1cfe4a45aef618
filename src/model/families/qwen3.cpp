// Qwen 3 (dense): no biases, an RMS norm over each query and key head before
// RoPE, NeoX-style RoPE, and a head size that need not be n_embd / n_head.
#include "families.h"

namespace hearth::model::families {

const ArchitectureTraits qwen3 = {
    .architecture = Architecture::qwen3,
    .name = "qwen3",
    .attention_bias = false,
    .query_key_norm = true,
    .rope_neox = true,
};

}  // namespace hearth::model::families
