// Llama 2/3, TinyLlama, Mistral and their fine-tunes: no biases, no Q/K norms.
// llama.cpp's converter permutes the Q and K rows so that the interleaved
// (2i, 2i+1) RoPE layout reproduces Hugging Face's rotate_half.
#include "families.h"

namespace hearth::model::families {

const ArchitectureTraits llama = {
    .architecture = Architecture::llama,
    .name = "llama",
    .attention_bias = false,
    .query_key_norm = false,
    .rope_neox = false,
};

}  // namespace hearth::model::families
