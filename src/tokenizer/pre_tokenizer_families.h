// The pre-tokenizer families hearth knows, under the tokenizer.ggml.pre names
// llama.cpp gives them (llama-vocab.cpp maps each name to a
// LLAMA_VOCAB_PRE_TYPE_*, and each type to its list of regexes).
//
// Left out are the types llama.cpp does not run as byte-level BPE over regex
// pieces (gemma4, sarvam-moe, whitespace) and those whose regexes need more
// than this pattern language: literal sequences (chameleon), digit-grouping
// lookaheads (tiny_aya, superbpe, afmoe), nested groups (exaone-moe), and
// kimi-k2's hand-written splitter. Their names are unknown here, so a
// vocabulary that uses one is refused rather than tokenized differently.
#pragma once

#include <span>
#include <string_view>

#include "pre_tokenizer_pattern.h"

namespace hearth::tokenizer::detail {

struct PreTokenizerFamily {
  std::span<const std::string_view> names;  // tokenizer.ggml.pre values
  std::span<const Pass> passes;
  // llama.cpp's ignore_merges: a piece that is itself a token becomes that
  // token, whatever the merges would have made of it.
  bool ignore_merges = false;
};

// The family named `name`, or nullptr. An empty name (a file without
// tokenizer.ggml.pre) is llama.cpp's "default" family: llama.cpp tokenizes
// such files with it (warning that quality will suffer), and hearth matches
// llama.cpp's tokens.
const PreTokenizerFamily* find_pre_tokenizer_family(std::string_view name) noexcept;

std::span<const PreTokenizerFamily> pre_tokenizer_families() noexcept;

}  // namespace hearth::tokenizer::detail
