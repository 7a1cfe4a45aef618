// Qwen 2 and 2.5: biases on the Q, K and V projections, NeoX-style RoPE
// (the converter keeps Hugging Face's rotate_half layout).
#include "families.h"

namespace hearth::model::families {

const ArchitectureTraits qwen2 = {
    .architecture = Architecture::qwen2,
    .name = "qwen2",
    .attention_bias = true,
    .query_key_norm = false,
    .rope_neox = true,
};

}  // namespace hearth::model::families
