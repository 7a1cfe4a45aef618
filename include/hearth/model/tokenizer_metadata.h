// Moving a tokenizer from one GGUF file to another.
//
// Test models borrow the tokenizer of a real model family: every tokenizer.*
// key of a vocabulary file is copied into the model's metadata. When the model
// has more embedding rows than the tokenizer has tokens (Qwen pads its
// embedding to a multiple of 128), the per-token arrays are padded the way
// llama.cpp's convert_hf_to_gguf.py pads them: UNUSED tokens named "[PAD<id>]"
// for byte-level BPE vocabularies, and "[PAD1]", "[PAD2]", ... with score
// -1000 for SentencePiece ones (tokenizer.ggml.model "llama").
#pragma once

#include <cstdint>
#include <optional>

#include "hearth/gguf/value.h"

namespace hearth::model {

// llama_token_type UNUSED, the type of padding tokens.
inline constexpr std::int32_t kUnusedTokenType = 5;

// The length of tokenizer.ggml.tokens; nullopt when it is missing or not an array.
std::optional<std::uint64_t> tokenizer_token_count(const gguf::Metadata& metadata) noexcept;

// Sets every tokenizer.* key of `source` in `destination` (new keys are
// appended in source order), with the per-token arrays padded to `n_vocab`. Throws
// Error(invalid_data) when `source` has no token list or a per-token array of another length or
// element type, and Error(invalid_argument) when `n_vocab` is smaller than the token count.
void copy_tokenizer_metadata(const gguf::Metadata& source, std::uint64_t n_vocab,
                             gguf::Metadata& destination);

}  // namespace hearth::model
