// Every input the chat-template fuzzer was seeded with or has failed on, replayed
// through the fuzz target itself (fuzz/chat_template_fuzz.cpp is linked into this binary):
// each must parse and render, or be refused with hearth::Error.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hearth::chat {
namespace {

TEST(FuzzInputs, EveryCorpusAndRegressionInputIsHandled) {
  testing::replay_fuzz_inputs("chat_template", LLVMFuzzerTestOneInput);
}

}  // namespace
}  // namespace hearth::chat
