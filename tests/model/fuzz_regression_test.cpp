// Every input the model-loader fuzzer was seeded with or has failed on, replayed
// through the fuzz target itself (fuzz/model_loader_fuzz.cpp is linked into this binary):
// each must load and run two tokens, or be refused with hearth::Error.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::model {
namespace {

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  testing::replay_fuzz_inputs("model", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth::model
