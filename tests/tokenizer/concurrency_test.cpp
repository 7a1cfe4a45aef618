// One Tokenizer per vocabulary, used from several threads at once (as
// llama.cpp's test-tokenizer-0 does): every result equals the single-threaded
// one.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "vocab_fixtures.h"

namespace hearth::tokenizer {
namespace {

struct Expected {
  std::string family;
  std::string text;
  std::vector<TokenId> ids;
  std::string decoded;
};

TEST(Concurrency, ThreadsSeeTheSingleThreadedResults) {
  std::vector<Expected> expected;
  for (const std::string_view family : fixtures::kFamilies) {
    const Tokenizer& tokenizer = fixtures::shared_tokenizer(family);
    for (fixtures::GoldenCase& golden : fixtures::golden_cases(family)) {
      std::vector<TokenId> ids = tokenizer.encode(golden.text);
      std::string decoded = tokenizer.decode(ids);
      expected.push_back(
          {std::string(family), std::move(golden.text), std::move(ids), std::move(decoded)});
    }
  }

  constexpr int kThreads = 6;
  constexpr int kRounds = 4;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int round = 0; round < kRounds; ++round) {
        // Each thread walks the cases from a different starting point, so
        // different vocabularies are in use at the same moment.
        for (std::size_t i = 0; i < expected.size(); ++i) {
          const Expected& want =
              expected[(i + static_cast<std::size_t>(thread) * 37) % expected.size()];
          const Tokenizer& tokenizer = fixtures::shared_tokenizer(want.family);
          const std::vector<TokenId> ids = tokenizer.encode(want.text);
          if (ids != want.ids || tokenizer.decode(ids) != want.decoded) ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace hearth::tokenizer
