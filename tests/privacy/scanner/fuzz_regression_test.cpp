// Replays the privacy scanner fuzzer's seed corpus and every input it ever
// failed on, in every build (the fuzzer itself needs clang and libFuzzer).
#include <gtest/gtest.h>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth {
namespace {

TEST(PrivacyScannerFuzzInputs, EveryInputPassesTheFuzzerChecks) {
  testing::replay_fuzz_inputs("privacy_scanner", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth
