// Models the generation commands' tests run on, written once per test
// process into a scratch folder that lives until the process ends.
#pragma once

#include <filesystem>

namespace hearth::testing {

// The "tiny" preset (Qwen2 layout, 2 layers, 64 wide, heads of 16) with the
// qwen2 vocabulary and its chat template, F32 weights, seed 0.
const std::filesystem::path& tiny_qwen2_model();

// The "tiny-qwen3" preset (heads of 32, so a Q8_0 KV cache fits them), the
// same way.
const std::filesystem::path& tiny_qwen3_model();

}  // namespace hearth::testing
