// The exact-match response cache: a finished answer stored under the
// normalized request that produced it, in a SQLite file (WAL mode).
//
// Entries are isolated by scope (the API key id): one key never sees another
// key's answers. Entries older than the TTL are never returned; the file is
// kept under max_bytes by evicting the least recently used entries. The key
// text is hashed (SHA-256) — the table stores the hash, not the request.
//
// The lookup is an interface so that a semantic cache (nearest request by
// embedding) can sit beside it later.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::store {

struct CacheOptions {
  std::chrono::seconds ttl{std::chrono::hours(24)};
  std::uint64_t max_bytes = std::uint64_t{256} << 20;  // sum of stored values
};

struct CacheStats {
  std::uint64_t hits = 0;  // since this object was made
  std::uint64_t misses = 0;
  std::uint64_t entries = 0;  // now in the file
  std::uint64_t bytes = 0;
};

// $XDG_DATA_HOME/hearth/cache.sqlite (~/.local/share/hearth/cache.sqlite).
std::filesystem::path default_cache_path();

class ResponseCache {
 public:
  // Opens or creates (parent folders too). Throws Error(io) / Error(invalid_data).
  ResponseCache(const std::filesystem::path& path, CacheOptions options);
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // Thread-safe. A failure to read or write the file is not an error for the
  // caller: lookup misses and store does nothing (the cache is an
  // optimization), and the failure is counted in errors().
  std::optional<std::string> lookup(std::string_view scope, std::string_view key);
  void store(std::string_view scope, std::string_view key, std::string_view value);

  CacheStats stats() const;
  std::uint64_t errors() const noexcept;  // file trouble swallowed so far
  const CacheOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::store
