// The audit log: one entry per egress — every request that left the machine
// for a remote provider — in a SQLite file (WAL mode).
//
// An egress is written in two steps: begin_egress() before the request is
// sent (durable when it returns, so a process killed mid-request still leaves
// the record, shown as "interrupted"), finish_egress() with the outcome when
// the call ends (committed by a background writer). Both steps are rows of one append-only chain:
// each row holds the SHA-256 of the previous row's hash and its own content, so editing, deleting
// or reordering any row is found by verify().
//
// The payload stored is the redacted request exactly as sent; raw sensitive
// values never reach this log (they never leave the privacy boundary).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::store {

// What is known before the request leaves.
struct EgressRecord {
  std::int64_t time_ms = 0;  // Unix time in milliseconds
  std::string key_id;        // the API key's id (never the key)
  std::string provider;
  std::string model;
  std::string route_reason;  // why it went remote ("confidence: mean logprob -2.3 < -1.5")
  std::string payload;       // the redacted request body, as sent
  std::map<std::string, std::uint64_t> entity_counts;  // by entity type name: {"EMAIL": 2}
};

// How the call ended.
struct EgressOutcome {
  std::string
      outcome;  // "ok", "error", "fallback" (failed; another provider took over), "cancelled"
  std::string detail;  // the error in words; empty when ok
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
  double cost_usd = 0;
  std::int64_t latency_ms = 0;
  int http_status = 0;  // the provider's status, 0 when none
};

struct AuditEntry {
  std::int64_t id = 0;  // the egress's id, increasing
  EgressRecord egress;
  std::optional<EgressOutcome> outcome;  // nullopt: the process ended before it was recorded
};

struct AuditFilter {
  std::optional<std::int64_t> since_ms;  // inclusive
  std::optional<std::int64_t> until_ms;  // exclusive
  std::optional<std::string> key_id;
  std::optional<std::string> provider;
  std::size_t limit = 0;  // newest first up to this many; 0: all (oldest first)
};

struct VerifyReport {
  bool ok = true;
  std::uint64_t rows = 0;  // chain rows checked
  std::uint64_t egresses = 0;
  std::uint64_t interrupted = 0;        // egresses without an outcome
  std::optional<std::int64_t> bad_row;  // the first row that does not verify
  std::string problem;                  // what is wrong with it, in words
};

class AuditLog {
 public:
  // Opens or creates the log (parent folders too), WAL mode, file mode 0600.
  // Throws Error(io) when it cannot, Error(invalid_data) for a file that is
  // not an audit log.
  explicit AuditLog(const std::filesystem::path& path);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  const std::filesystem::path& path() const noexcept;

  // Thread-safe; several processes may share the file.
  //
  // begin_egress is committed when it returns. Throws Error(io).
  std::int64_t begin_egress(const EgressRecord& record);
  // Queues the outcome of an egress this object began; a writer thread
  // commits it within milliseconds (queued outcomes share one commit), so the
  // request that made the call does not wait for the disk. The reads below,
  // and the destructor, first wait for what is queued; other connections
  // see an outcome once it is committed. A process killed before that leaves
  // the egress "interrupted", as one killed during the call. Throws
  // Error(invalid_argument) for an id not begun here or already finished.
  void finish_egress(std::int64_t id, const EgressOutcome& outcome);
  // Waits until every outcome queued so far is committed. Throws Error(io)
  // when they cannot be written.
  void flush() const;

  // The reads throw Error(io) when queued outcomes cannot be written.
  std::vector<AuditEntry> list(const AuditFilter& filter = {}) const;
  std::optional<AuditEntry> get(std::int64_t id) const;

  // Walks the whole chain.
  VerifyReport verify() const;

  // USD spent by a key since a time (sum of outcome costs of its egresses
  // begun at or after since_ms).
  double spent_usd(std::string_view key_id, std::int64_t since_ms) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// $HEARTH_AUDIT_DB, else $XDG_DATA_HOME/hearth/audit.sqlite
// (~/.local/share/hearth/audit.sqlite).
std::filesystem::path default_audit_path();

// "2026-11-21T10:04:05.123Z": how exports and listings write times.
std::string iso_time(std::int64_t time_ms);

// One JSON object per line, and CSV with a header row (RFC 4180 quoting);
// entity_counts as a JSON object text in CSV.
void write_jsonl(std::ostream& out, const std::vector<AuditEntry>& entries);
void write_csv(std::ostream& out, const std::vector<AuditEntry>& entries);
// One entry as a JSON object (what jsonl writes per line, and `show`).
std::string entry_json(const AuditEntry& entry, int indent = -1);

}  // namespace hearth::store
