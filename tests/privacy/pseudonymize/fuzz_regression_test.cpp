// Every input the restoration fuzzer was seeded with or has failed on,
// replayed through the fuzz target itself (fuzz/privacy_restore_fuzz.cpp is
// linked into this binary): StreamRestorer must agree with restore().
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::privacy {
namespace {

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  hearth::testing::replay_fuzz_inputs("privacy_restore", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth::privacy
