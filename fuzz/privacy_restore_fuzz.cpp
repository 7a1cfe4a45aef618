// libFuzzer target for restoration (hearth/privacy/pseudonymize.h). The input
// is a vault seed, a NUL byte, then the text to restore; without a NUL it is
// all text and the vault is empty. Each line of the seed adds one value: its
// first byte picks the entity type (modulo the number of types), the rest is
// the value, so values may themselves look like placeholders. Checked:
// - restore() accepts any bytes without throwing;
// - StreamRestorer gives restore()'s output for every chunking tried (one
//   byte at a time, random chunk sizes, and every split in two of short
//   texts), and what it has emitted after each push is a prefix of it.
//
// privacy_pseudonymize_tests links this file too and replays
// fuzz/corpus/privacy_restore and fuzz/regressions/privacy_restore through
// LLVMFuzzerTestOneInput.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/privacy/pseudonymize.h"
#include "hearth/privacy/vault.h"

namespace {

using hearth::privacy::EntityType;
using hearth::privacy::StreamRestorer;
using hearth::privacy::Vault;

// Every split in two is tried only below this size: the check is quadratic.
constexpr std::size_t kMaxTextForAllSplits = 512;
constexpr int kRandomChunkings = 4;

[[noreturn]] void fail(std::string_view what) {
  std::fprintf(stderr, "privacy_restore_fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// splitmix64: chunk sizes that differ between inputs but repeat for one.
class ChunkSizes {
 public:
  explicit ChunkSizes(std::uint64_t seed) : state_(seed) {}
  std::size_t next(std::size_t max) {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return 1 + static_cast<std::size_t>((z ^ (z >> 31)) % max);
  }

 private:
  std::uint64_t state_;
};

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xCBF29CE484222325ull;
  for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return hash;
}

Vault vault_from_seed(std::string_view seed) {
  Vault vault;
  while (!seed.empty()) {
    const std::size_t end = seed.find('\n');
    const std::string_view line = seed.substr(0, end);
    seed.remove_prefix(end == std::string_view::npos ? seed.size() : end + 1);
    if (line.empty()) continue;
    const auto type = static_cast<EntityType>(static_cast<unsigned char>(line[0]) %
                                              hearth::privacy::kEntityTypeCount);
    vault.placeholder_for(type, line.substr(1));
  }
  return vault;
}

void check_chunking(std::string_view text, const Vault& vault, const std::string& expected,
                    const std::vector<std::size_t>& chunk_sizes) {
  StreamRestorer restorer(vault);
  std::string streamed;
  std::size_t at = 0;
  for (const std::size_t size : chunk_sizes) {
    if (at >= text.size()) break;
    streamed += restorer.push(text.substr(at, size));
    at += size;
    if (expected.compare(0, streamed.size(), streamed) != 0) {
      fail("StreamRestorer emitted text that restore() does not have");
    }
  }
  if (at < text.size()) streamed += restorer.push(text.substr(at));
  streamed += restorer.finish();
  if (streamed != expected) fail("StreamRestorer's output differs from restore()");
}

void check(std::string_view input) {
  const std::size_t nul = input.find('\0');
  const std::string_view seed =
      nul == std::string_view::npos ? std::string_view{} : input.substr(0, nul);
  const std::string_view text = nul == std::string_view::npos ? input : input.substr(nul + 1);
  const Vault vault = vault_from_seed(seed);
  const std::string expected = hearth::privacy::restore(text, vault);

  check_chunking(text, vault, expected, std::vector<std::size_t>(text.size(), 1));
  ChunkSizes sizes(fnv1a(input));
  for (int round = 0; round < kRandomChunkings; ++round) {
    std::vector<std::size_t> chunk_sizes;
    for (std::size_t covered = 0; covered < text.size();) {
      chunk_sizes.push_back(sizes.next(round == 0 ? 4 : 64));
      covered += chunk_sizes.back();
    }
    check_chunking(text, vault, expected, chunk_sizes);
  }
  if (text.size() <= kMaxTextForAllSplits) {
    for (std::size_t split = 1; split < text.size(); ++split) {
      check_chunking(text, vault, expected, {split});
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    check(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::exception& error) {
    // Restoration has no failure mode: any bytes are text.
    fail(std::string("threw: ") + error.what());
  }
  return 0;
}
