#include "hearth/store/response_cache.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <vector>

#include "hearth/util/error.h"
#include "sqlite_database.h"

namespace hearth::store {
namespace {

using detail::Database;
using detail::Statement;
using detail::Transaction;

constexpr int kApplicationId = 0x48454332;  // "HEC2": a hearth response cache
constexpr int kSchemaVersion = 1;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The stored key: the request text never reaches the file, only its hash.
std::string entry_key(std::string_view scope, std::string_view key) {
  std::string scoped(scope);
  scoped += '\0';
  scoped += key;
  return detail::sha256_hex(scoped);
}

}  // namespace

struct ResponseCache::Impl {
  CacheOptions options;
  std::mutex mutex;
  Database db;
  std::uint64_t bytes = 0;  // sum of stored values, kept in step with the table
  std::atomic<std::uint64_t> hits{0};
  std::atomic<std::uint64_t> misses{0};
  std::atomic<std::uint64_t> errors{0};

  Impl(const std::filesystem::path& path, CacheOptions options_in) : options(options_in), db(path) {
    detail::claim_store_file(db, kApplicationId, kSchemaVersion, "response cache", [this] {
      db.execute(
          "CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB NOT NULL,"
          " bytes INTEGER NOT NULL, created_ms INTEGER NOT NULL, used_ms INTEGER NOT NULL)");
      db.execute("CREATE INDEX entries_by_use ON entries(used_ms)");
    });
    Statement total = db.prepare("SELECT COALESCE(SUM(bytes), 0) FROM entries");
    total.step();
    bytes = static_cast<std::uint64_t>(total.integer(0));
  }

  std::int64_t ttl_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(options.ttl).count();
  }

  // Least recently used first, until the values fit the limit.
  void evict() {
    Statement oldest = db.prepare("SELECT key, bytes FROM entries ORDER BY used_ms LIMIT 64");
    std::vector<std::pair<std::string, std::uint64_t>> victims;
    while (bytes > options.max_bytes) {
      if (victims.empty()) {
        oldest.reset();
        while (oldest.step()) {
          victims.emplace_back(oldest.text(0), static_cast<std::uint64_t>(oldest.integer(1)));
        }
        if (victims.empty()) break;
        std::reverse(victims.begin(), victims.end());
      }
      const auto [key, size] = victims.back();
      victims.pop_back();
      db.prepare("DELETE FROM entries WHERE key = ?1").bind(1, key).step();
      bytes -= std::min(bytes, size);
    }
  }
};

ResponseCache::ResponseCache(const std::filesystem::path& path, CacheOptions options)
    : impl_(std::make_unique<Impl>(path, options)) {}

ResponseCache::~ResponseCache() = default;

std::optional<std::string> ResponseCache::lookup(std::string_view scope, std::string_view key) {
  const std::string stored_key = entry_key(scope, key);
  const std::int64_t now = now_ms();
  std::lock_guard lock(impl_->mutex);
  try {
    Statement query =
        impl_->db.prepare("SELECT value, created_ms, bytes FROM entries WHERE key = ?1");
    query.bind(1, stored_key);
    if (!query.step()) {
      ++impl_->misses;
      return std::nullopt;
    }
    if (now - query.integer(1) >= impl_->ttl_ms()) {
      const auto size = static_cast<std::uint64_t>(query.integer(2));
      impl_->db.prepare("DELETE FROM entries WHERE key = ?1").bind(1, stored_key).step();
      impl_->bytes -= std::min(impl_->bytes, size);
      ++impl_->misses;
      return std::nullopt;
    }
    std::string value = query.text(0);
    impl_->db.prepare("UPDATE entries SET used_ms = ?2 WHERE key = ?1")
        .bind(1, stored_key)
        .bind(2, now)
        .step();
    ++impl_->hits;
    return value;
  } catch (const Error&) {
    ++impl_->errors;
    ++impl_->misses;
    return std::nullopt;
  }
}

void ResponseCache::store(std::string_view scope, std::string_view key, std::string_view value) {
  if (value.size() > impl_->options.max_bytes) return;
  const std::string stored_key = entry_key(scope, key);
  const std::int64_t now = now_ms();
  std::lock_guard lock(impl_->mutex);
  try {
    Transaction transaction(impl_->db);
    Statement previous = impl_->db.prepare("SELECT bytes FROM entries WHERE key = ?1");
    previous.bind(1, stored_key);
    const std::uint64_t replaced =
        previous.step() ? static_cast<std::uint64_t>(previous.integer(0)) : 0;
    impl_->db
        .prepare(
            "INSERT OR REPLACE INTO entries (key, value, bytes, created_ms, used_ms)"
            " VALUES (?1, ?2, ?3, ?4, ?4)")
        .bind(1, stored_key)
        .bind(2, value)
        .bind(3, static_cast<std::int64_t>(value.size()))
        .bind(4, now)
        .step();
    const std::uint64_t before = impl_->bytes;
    impl_->bytes = impl_->bytes - std::min(impl_->bytes, replaced) + value.size();
    try {
      impl_->evict();
      transaction.commit();
    } catch (...) {
      impl_->bytes = before;
      throw;
    }
  } catch (const Error&) {
    ++impl_->errors;
  }
}

CacheStats ResponseCache::stats() const {
  CacheStats stats;
  stats.hits = impl_->hits;
  stats.misses = impl_->misses;
  std::lock_guard lock(impl_->mutex);
  try {
    Statement count = impl_->db.prepare("SELECT count(*) FROM entries");
    count.step();
    stats.entries = static_cast<std::uint64_t>(count.integer(0));
  } catch (const Error&) {
    ++impl_->errors;
  }
  stats.bytes = impl_->bytes;
  return stats;
}

std::uint64_t ResponseCache::errors() const noexcept {
  return impl_->errors;
}

const CacheOptions& ResponseCache::options() const noexcept {
  return impl_->options;
}

}  // namespace hearth::store
