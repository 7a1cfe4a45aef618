// Every input the request-parser fuzzer was seeded with or has failed on,
// replayed through the fuzz target itself (fuzz/http_request_fuzz.cpp is
// linked into this binary): fed at once, split in two and byte by byte, each
// must give the same outcome without crashing.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::http {
namespace {

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  testing::replay_fuzz_inputs("http_request", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth::http
