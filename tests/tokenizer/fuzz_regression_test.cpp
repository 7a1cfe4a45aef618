// Every input the tokenizer fuzzer was seeded with or has failed on, replayed
// through the fuzz target itself (fuzz/tokenizer_fuzz.cpp is linked into this binary):
// each must encode and decode as the API documents.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::tokenizer {
namespace {

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  testing::replay_fuzz_inputs("tokenizer", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth::tokenizer
