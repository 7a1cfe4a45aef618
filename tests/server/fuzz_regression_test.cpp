// Every input the request-validation fuzzer was seeded with or has failed
// on, replayed through the fuzz target itself (fuzz/openai_request_fuzz.cpp
// is linked into this binary).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::server {
namespace {

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  hearth::testing::replay_fuzz_inputs("openai_request", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth::server
