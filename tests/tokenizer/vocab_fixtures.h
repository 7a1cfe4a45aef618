// The vocabularies in shared/vocab, loaded once per test binary, and their
// golden test vectors.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/tokenizer/tokenizer.h"

namespace hearth::tokenizer::fixtures {

inline constexpr std::array<std::string_view, 6> kFamilies = {"llama-spm", "phi-3", "llama-bpe",
                                                              "qwen2",     "gpt-2", "bert-bge"};

// Families whose decode(encode(text)) gives the text back: SentencePiece
// (spaces are U+2581, any other byte has a byte token) and byte-level BPE
// (every byte has a symbol). Not BERT's WordPiece, which lowercases, strips
// accents, drops control characters and turns runs of whitespace into one
// space.
inline constexpr std::array<std::string_view, 5> kLosslessFamilies = {
    "llama-spm", "phi-3", "llama-bpe", "qwen2", "gpt-2"};

// Shared by every test (a Tokenizer is immutable); thread-safe.
const Tokenizer& shared_tokenizer(std::string_view family);

struct GoldenCase {
  std::string text;
  std::vector<TokenId> ids;
};

// The .inp strings (each ends with "\n__ggml_vocab_test__\n") paired with
// the .out lines of ids, as llama.cpp's test-tokenizer-0 reads them. Throws
// std::runtime_error when the files cannot be read or do not pair up.
std::vector<GoldenCase> golden_cases(std::string_view family);

// A family as a test name ("llama-spm" -> "llama_spm"), for tests
// parameterized by family.
std::string family_test_name(const ::testing::TestParamInfo<std::string_view>& info);

// `text` with control and non-ASCII bytes escaped, for failure messages.
std::string printable(std::string_view text);

}  // namespace hearth::tokenizer::fixtures
