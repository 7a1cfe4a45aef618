// Tokenizer-only GGUF files small enough to build many models from quickly.
#pragma once

#include <cstdint>
#include <filesystem>

namespace hearth::model {

enum class VocabularyKind { byte_level_bpe, sentencepiece };

// Writes a vocabulary of `token_count` tokens ("t0", "t1", ...) to `path`: the
// tokenizer.* keys a real file of that kind has (model, pre, tokens, token
// types, merges or scores, BOS/EOS ids) plus a general.architecture key that
// must not be copied into models.
void write_small_vocabulary(const std::filesystem::path& path, std::uint32_t token_count,
                            VocabularyKind kind = VocabularyKind::byte_level_bpe);

}  // namespace hearth::model
