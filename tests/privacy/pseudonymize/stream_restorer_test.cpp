// StreamRestorer: the same output as restore() however the text is cut, and
// only as much held back as could still become a placeholder.
#include <gtest/gtest.h>

#include <random>

#include "hearth/privacy/pseudonymize.h"
#include "restore_reference.h"

namespace hearth::privacy {
namespace {

// '<', two spaces, the longest type name and '_', the digits, two spaces.
constexpr std::size_t kLongestHeldBack = 1 + 2 + 16 + 3 + 2;

std::string stream(const Vault& vault, std::string_view text,
                   const std::vector<std::size_t>& chunk_sizes) {
  StreamRestorer restorer(vault);
  std::string out;
  std::size_t at = 0;
  for (const std::size_t size : chunk_sizes) {
    if (at >= text.size()) break;
    out += restorer.push(text.substr(at, size));
    at += size;
  }
  out += restorer.finish();
  return out;
}

Vault conversation() {
  Vault vault;
  vault.placeholder_for(EntityType::person, "Alice Example");
  vault.placeholder_for(EntityType::email, "alice@example.com");
  return vault;
}

TEST(StreamRestorer, RestoresAPlaceholderSplitAcrossChunks) {
  const Vault vault = conversation();
  StreamRestorer restorer(vault);
  EXPECT_EQ(restorer.push("Dear <PER"), "Dear ");
  EXPECT_EQ(restorer.push("SON"), "");
  EXPECT_EQ(restorer.push("_1> and < em"), "Alice Example and ");
  EXPECT_EQ(restorer.push("ail_1 "), "");
  EXPECT_EQ(restorer.push(">!"), "alice@example.com!");
  EXPECT_EQ(restorer.finish(), "");
}

TEST(StreamRestorer, PassesTextThatCannotBeAPlaceholderAtOnce) {
  const Vault vault = conversation();
  StreamRestorer restorer(vault);
  EXPECT_EQ(restorer.push("plain text"), "plain text");
  EXPECT_EQ(restorer.push("a < b"), "a < b");
  EXPECT_EQ(restorer.push("<CUSTOMER"), "<CUSTOMER");
  EXPECT_EQ(restorer.push("<PERSON_9"), "<PERSON_9");  // past the vault's count
  EXPECT_EQ(restorer.push("<PERSON_1"), "");
  EXPECT_EQ(restorer.push("x"), "<PERSON_1x");
  EXPECT_EQ(restorer.finish(), "");
}

TEST(StreamRestorer, AnEmptyVaultHoldsNothingBack) {
  const Vault empty;
  StreamRestorer restorer(empty);
  EXPECT_EQ(restorer.push("see <PERSON_"), "see <PERSON_");
  EXPECT_EQ(restorer.finish(), "");
}

TEST(StreamRestorer, FinishReleasesAnUnfinishedPlaceholderVerbatim) {
  const Vault vault = conversation();
  StreamRestorer restorer(vault);
  EXPECT_EQ(restorer.push("see < PERSON_1 "), "see ");
  EXPECT_EQ(restorer.finish(), "< PERSON_1 ");
  EXPECT_EQ(restorer.finish(), "");
}

TEST(StreamRestorer, EqualsRestoreForEveryTwoWaySplit) {
  const Vault vault = conversation();
  const std::string text = "<PERSON_1>< person_1 ><<EMAIL_1>>x<PERSON_10><PERSON_1  >";
  const std::string expected = restore(text, vault);
  for (std::size_t split = 0; split <= text.size(); ++split) {
    EXPECT_EQ(stream(vault, text, {split, text.size()}), expected) << "split at " << split;
  }
}

TEST(StreamRestorer, EqualsRestoreForRandomChunkings) {
  std::mt19937 random(7);
  for (int round = 0; round < 300; ++round) {
    std::vector<testing::IssuedValue> issued;
    const Vault vault = testing::random_vault(random, issued);
    const std::string text = testing::random_model_text(random, issued, 30);
    const std::string expected = restore(text, vault);
    for (const std::size_t max_chunk : {1, 2, 3, 7, 16, 64}) {
      ASSERT_EQ(stream(vault, text, testing::random_chunk_sizes(random, text.size(), max_chunk)),
                expected)
          << "round " << round << ", chunks up to " << max_chunk;
    }
  }
}

TEST(StreamRestorer, HoldsBackNoMoreThanTheLongestPlaceholder) {
  Vault vault;
  for (int i = 0; i < 150; ++i) vault.placeholder_for(EntityType::drivers_license, "x");
  vault.placeholder_for(EntityType::drivers_license, "last");  // three-digit numbers
  // Unissued but placeholder-shaped text comes back as it went in, so what
  // has come out shows exactly how much is held.
  std::mt19937 random(99);
  const std::string text =
      testing::random_model_text(random, {{"<DRIVERS_LICENSE_999>", "never"}}, 2000);
  StreamRestorer restorer(vault);
  std::size_t pushed = 0;
  std::size_t emitted = 0;
  for (const std::size_t size : testing::random_chunk_sizes(random, text.size(), 9)) {
    if (pushed >= text.size()) break;
    emitted += restorer.push(std::string_view(text).substr(pushed, size)).size();
    pushed = std::min(text.size(), pushed + size);
    ASSERT_LE(pushed - emitted, kLongestHeldBack);
  }
  emitted += restorer.finish().size();
  EXPECT_EQ(emitted, text.size());
}

TEST(StreamRestorer, MatchesTheNaiveReadingOfTheRule) {
  std::mt19937 random(11);
  for (int round = 0; round < 100; ++round) {
    std::vector<testing::IssuedValue> issued;
    const Vault vault = testing::random_vault(random, issued);
    const std::string text = testing::random_model_text(random, issued, 30);
    ASSERT_EQ(stream(vault, text, testing::random_chunk_sizes(random, text.size(), 5)),
              testing::naive_restore(text, issued))
        << "round " << round;
  }
}

}  // namespace
}  // namespace hearth::privacy
