#include "hearth/store/response_cache.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::store {
namespace {

using hearth::testing::ScratchDir;

TEST(ResponseCache, StoresAndFindsPerScope) {
  ScratchDir dir;
  ResponseCache cache(dir / "cache.sqlite", {});
  EXPECT_FALSE(cache.lookup("alice", "request").has_value());
  cache.store("alice", "request", "answer");
  EXPECT_EQ(cache.lookup("alice", "request"), "answer");
  EXPECT_FALSE(cache.lookup("bob", "request").has_value());
  // The scope and key are not simply concatenated.
  EXPECT_FALSE(cache.lookup("alicer", "equest").has_value());
  cache.store("alice", "request", "a newer answer");
  EXPECT_EQ(cache.lookup("alice", "request"), "a newer answer");
  const CacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 3u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, std::string("a newer answer").size());
  EXPECT_EQ(cache.errors(), 0u);
}

TEST(ResponseCache, EntriesExpire) {
  ScratchDir dir;
  CacheOptions options;
  options.ttl = std::chrono::seconds(1);
  ResponseCache cache(dir / "cache.sqlite", options);
  cache.store("k", "request", "answer");
  EXPECT_TRUE(cache.lookup("k", "request").has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_FALSE(cache.lookup("k", "request").has_value());
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(ResponseCache, TheLeastRecentlyUsedGoFirst) {
  ScratchDir dir;
  CacheOptions options;
  options.max_bytes = 30;
  ResponseCache cache(dir / "cache.sqlite", options);
  cache.store("k", "a", std::string(10, 'a'));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  cache.store("k", "b", std::string(10, 'b'));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  cache.store("k", "c", std::string(10, 'c'));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_TRUE(cache.lookup("k", "a").has_value());  // now the most recent
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  cache.store("k", "d", std::string(10, 'd'));
  EXPECT_FALSE(cache.lookup("k", "b").has_value());
  EXPECT_TRUE(cache.lookup("k", "a").has_value());
  EXPECT_TRUE(cache.lookup("k", "c").has_value());
  EXPECT_TRUE(cache.lookup("k", "d").has_value());
  EXPECT_LE(cache.stats().bytes, 30u);
  cache.store("k", "huge", std::string(31, 'x'));  // larger than the whole cache
  EXPECT_FALSE(cache.lookup("k", "huge").has_value());
  EXPECT_TRUE(cache.lookup("k", "d").has_value());
}

TEST(ResponseCache, PersistsAcrossOpens) {
  ScratchDir dir;
  { ResponseCache(dir / "cache.sqlite", {}).store("k", "q", "a"); }
  ResponseCache cache(dir / "cache.sqlite", {});
  EXPECT_EQ(cache.lookup("k", "q"), "a");
  EXPECT_EQ(cache.stats().bytes, 1u);
}

TEST(ResponseCache, RefusesFilesThatAreNotACache) {
  ScratchDir dir;
  std::ofstream(dir / "garbage") << std::string(4096, 'g');
  EXPECT_THROW(ResponseCache(dir / "garbage", {}), Error);
}

}  // namespace
}  // namespace hearth::store
