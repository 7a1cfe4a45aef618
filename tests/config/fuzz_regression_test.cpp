// Every input the configuration fuzzer was seeded with or has failed on,
// replayed through the fuzz target itself (fuzz/config_fuzz.cpp is linked
// into this binary).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::config {
namespace {

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  hearth::testing::replay_fuzz_inputs("config", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth::config
