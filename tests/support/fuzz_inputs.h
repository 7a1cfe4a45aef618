// The inputs a fuzzer was seeded with (fuzz/corpus/NAME) and has failed on
// (fuzz/regressions/NAME), for the tests that replay them in every build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace hearth::testing {

// Every regular file of fuzz/corpus/NAME, then of fuzz/regressions/NAME.
std::vector<std::filesystem::path> fuzz_inputs(std::string_view name);

// The files of fuzz/corpus/NAME only.
std::vector<std::filesystem::path> fuzz_seed_corpus(std::string_view name);

std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path);

// Runs every fuzz input of NAME through `target` (the fuzzer's
// LLVMFuzzerTestOneInput, linked into the test binary) as a GoogleTest
// check: the seed corpus must exist and every input must return 0. The fuzz
// targets abort on a failed check, as they do under libFuzzer.
using FuzzTarget = int (*)(const std::uint8_t* data, std::size_t size);
void replay_fuzz_inputs(std::string_view name, FuzzTarget target);

}  // namespace hearth::testing
