#include "hearth/store/audit_log.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "hearth/util/error.h"
#include "sqlite_database.h"

namespace hearth::store {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;  // keys sorted: dump() is canonical
using detail::Database;
using detail::sha256_hex;
using detail::Statement;
using detail::Transaction;

constexpr int kApplicationId = 0x48454131;  // "HEA1": a hearth audit log
constexpr int kSchemaVersion = 1;
const std::string kGenesisHash(64, '0');

std::string row_hash(std::string_view prev_hash, std::int64_t seq, std::string_view kind,
                     std::int64_t egress_id, std::string_view body) {
  std::string content;
  content.reserve(body.size() + 128);
  content.append(prev_hash).append("\n").append(std::to_string(seq)).append("\n");
  content.append(kind).append("\n").append(std::to_string(egress_id)).append("\n").append(body);
  return sha256_hex(content);
}

Json egress_body(const EgressRecord& record) {
  Json counts = Json::object();
  for (const auto& [type, count] : record.entity_counts) counts[type] = count;
  return {{"time_ms", record.time_ms},           {"key_id", record.key_id},
          {"provider", record.provider},         {"model", record.model},
          {"route_reason", record.route_reason}, {"payload", record.payload},
          {"entity_counts", std::move(counts)}};
}

Json outcome_body(const EgressOutcome& outcome) {
  return {{"outcome", outcome.outcome},           {"detail", outcome.detail},
          {"input_tokens", outcome.input_tokens}, {"output_tokens", outcome.output_tokens},
          {"cost_usd", outcome.cost_usd},         {"latency_ms", outcome.latency_ms},
          {"http_status", outcome.http_status}};
}

EgressRecord parse_egress(const std::string& text) {
  const Json body = Json::parse(text);
  EgressRecord record;
  record.time_ms = body.at("time_ms").get<std::int64_t>();
  record.key_id = body.at("key_id").get<std::string>();
  record.provider = body.at("provider").get<std::string>();
  record.model = body.at("model").get<std::string>();
  record.route_reason = body.at("route_reason").get<std::string>();
  record.payload = body.at("payload").get<std::string>();
  for (const auto& [type, count] : body.at("entity_counts").items()) {
    record.entity_counts[type] = count.get<std::uint64_t>();
  }
  return record;
}

EgressOutcome parse_outcome(const std::string& text) {
  const Json body = Json::parse(text);
  EgressOutcome outcome;
  outcome.outcome = body.at("outcome").get<std::string>();
  outcome.detail = body.at("detail").get<std::string>();
  outcome.input_tokens = body.at("input_tokens").get<std::uint64_t>();
  outcome.output_tokens = body.at("output_tokens").get<std::uint64_t>();
  outcome.cost_usd = body.at("cost_usd").get<double>();
  outcome.latency_ms = body.at("latency_ms").get<std::int64_t>();
  outcome.http_status = body.at("http_status").get<int>();
  return outcome;
}

}  // namespace

// An outcome waiting for the writer thread.
struct PendingOutcome {
  std::int64_t id = 0;
  EgressOutcome outcome;
};

struct AuditLog::Impl {
  // The connection, for the callers' reads and begins and the writer's
  // outcomes.
  mutable std::mutex mutex;
  mutable Database db;

  // Outcomes are committed by the writer thread, off the request path; the
  // same thread checkpoints (copies the write-ahead log into the database,
  // with an fsync) on a connection of its own, so no caller waits for either.
  std::thread writer;
  std::mutex queue_mutex;
  std::condition_variable writer_wake;  // work queued, or closing
  std::condition_variable batch_ended;  // the writer finished an attempt
  std::vector<PendingOutcome> queue;
  std::set<std::int64_t> open;  // begun here, outcome not yet queued
  std::uint64_t queued = 0;     // outcomes queued so far
  std::uint64_t committed = 0;  // the first `committed` of them are in the file
  std::uint64_t failures = 0;   // attempts that could not write
  std::string last_failure;
  bool closing = false;

  explicit Impl(const std::filesystem::path& path) : db(path) {
    detail::claim_store_file(db, kApplicationId, kSchemaVersion, "audit log", [this] {
      db.execute(
          "CREATE TABLE audit_chain ("
          " seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, egress_id INTEGER NOT NULL,"
          " time_ms INTEGER NOT NULL, key_id TEXT NOT NULL, provider TEXT NOT NULL,"
          " cost REAL NOT NULL DEFAULT 0, body TEXT NOT NULL, prev_hash TEXT NOT NULL,"
          " hash TEXT NOT NULL)");
      // Both indexes hold outcome rows only (budgets sum outcomes; listings
      // join each egress to its outcome), so the egress row a request waits
      // for changes two pages, not four. Logs made before keep full indexes,
      // which answer the same queries.
      db.execute(
          "CREATE INDEX audit_by_key_time ON audit_chain(key_id, time_ms) WHERE kind = 'outcome'");
      db.execute("CREATE INDEX audit_by_egress ON audit_chain(egress_id) WHERE kind = 'outcome'");
      db.execute(
          "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1),"
          " seq INTEGER NOT NULL, hash TEXT NOT NULL)");
    });
    db.execute("PRAGMA wal_autocheckpoint=0");
    writer = std::thread([this] { run_writer(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(queue_mutex);
      closing = true;
    }
    writer_wake.notify_all();
    writer.join();
  }

  void run_writer() {
    std::optional<Database> own;
    try {
      own.emplace(db.path());
    } catch (const Error&) {
      // Without a second connection there are no checkpoints: the log grows.
    }
    constexpr auto kCheckpointInterval = std::chrono::milliseconds(500);
    auto next_checkpoint = Clock::now() + kCheckpointInterval;
    auto retry_at = Clock::time_point::min();
    std::unique_lock lock(queue_mutex);
    while (true) {
      // After a failed write the queue waits for retry_at (or for closing).
      auto deadline = next_checkpoint;
      if (!queue.empty() && retry_at > Clock::now()) deadline = std::min(deadline, retry_at);
      writer_wake.wait_until(
          lock, deadline, [&] { return closing || (!queue.empty() && Clock::now() >= retry_at); });
      if (!queue.empty() && (closing || Clock::now() >= retry_at)) {
        std::vector<PendingOutcome> batch = std::move(queue);
        queue.clear();
        const std::uint64_t through = queued;
        lock.unlock();
        std::optional<std::string> failure;
        try {
          write_outcomes(batch);
        } catch (const std::exception& error) {
          failure = error.what();
        }
        lock.lock();
        if (failure) {
          // Kept for another try; the callers waiting hear of it.
          queue.insert(queue.begin(), std::make_move_iterator(batch.begin()),
                       std::make_move_iterator(batch.end()));
          ++failures;
          last_failure = *failure;
          retry_at = Clock::now() + kCheckpointInterval;
        } else {
          committed = through;
        }
        batch_ended.notify_all();
        // Closing, a failure is final: the rest reads as interrupted.
        if (failure && closing) return;
        continue;
      }
      if (closing) return;
      if (Clock::now() >= next_checkpoint) {
        lock.unlock();
        // PASSIVE: copies what it can without waiting for or blocking writers.
        if (own)
          sqlite3_exec(own->handle(), "PRAGMA wal_checkpoint(PASSIVE)", nullptr, nullptr, nullptr);
        lock.lock();
        next_checkpoint = Clock::now() + kCheckpointInterval;
      }
    }
  }

  // All the outcomes in one transaction.
  void write_outcomes(const std::vector<PendingOutcome>& batch) {
    std::lock_guard lock(mutex);
    Transaction transaction(db);
    for (const PendingOutcome& pending : batch) {
      Statement egress = db.prepare_cached(
          "SELECT time_ms, key_id, provider FROM audit_chain WHERE seq = ?1 AND kind = 'egress'");
      egress.bind(1, pending.id);
      // Gone only if someone deleted rows, which verify() reports; there is
      // nothing left to attach the outcome to.
      if (!egress.step()) continue;
      const std::int64_t time_ms = egress.integer(0);
      const std::string key_id = egress.text(1);
      const std::string provider = egress.text(2);
      append("outcome", pending.id, time_ms, key_id, provider, pending.outcome.cost_usd,
             outcome_body(pending.outcome).dump());
    }
    transaction.commit();
  }

  // Waits until every outcome queued before the call is in the file.
  // Throws Error(io) when the writer could not write them.
  void flush() {
    std::unique_lock lock(queue_mutex);
    const std::uint64_t target = queued;
    const std::uint64_t failures_before = failures;
    batch_ended.wait(lock, [&] { return committed >= target || failures != failures_before; });
    if (committed < target) {
      raise(ErrorKind::io, "{}: outcomes could not be recorded: {}", db.path().string(),
            last_failure);
    }
  }

  // Appends one row to the chain inside the caller's transaction.
  std::int64_t append(std::string_view kind, std::optional<std::int64_t> egress_id,
                      std::int64_t time_ms, std::string_view key_id, std::string_view provider,
                      double cost, const std::string& body) {
    std::int64_t seq = 1;
    std::string prev_hash = kGenesisHash;
    {
      Statement head = db.prepare_cached("SELECT seq, hash FROM chain_head WHERE id = 1");
      if (head.step()) {
        seq = head.integer(0) + 1;
        prev_hash = head.text(1);
      }
    }
    const std::int64_t egress = egress_id.value_or(seq);
    const std::string hash = row_hash(prev_hash, seq, kind, egress, body);
    db.prepare_cached(
          "INSERT INTO audit_chain (seq, kind, egress_id, time_ms, key_id, provider, cost, body,"
          " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        .bind(1, seq)
        .bind(2, kind)
        .bind(3, egress)
        .bind(4, time_ms)
        .bind(5, key_id)
        .bind(6, provider)
        .bind(7, cost)
        .bind(8, body)
        .bind(9, prev_hash)
        .bind(10, hash)
        .step();
    db.prepare_cached("INSERT OR REPLACE INTO chain_head (id, seq, hash) VALUES (1, ?1, ?2)")
        .bind(1, seq)
        .bind(2, hash)
        .step();
    return seq;
  }
};

AuditLog::AuditLog(const std::filesystem::path& path) : impl_(std::make_unique<Impl>(path)) {}

AuditLog::~AuditLog() = default;

const std::filesystem::path& AuditLog::path() const noexcept {
  return impl_->db.path();
}

std::int64_t AuditLog::begin_egress(const EgressRecord& record) {
  const std::string body = egress_body(record).dump();
  std::int64_t id = 0;
  {
    std::lock_guard lock(impl_->mutex);
    Transaction transaction(impl_->db);
    id = impl_->append("egress", std::nullopt, record.time_ms, record.key_id, record.provider, 0.0,
                       body);
    transaction.commit();
  }
  std::lock_guard lock(impl_->queue_mutex);
  impl_->open.insert(id);
  return id;
}

void AuditLog::finish_egress(std::int64_t id, const EgressOutcome& outcome) {
  {
    std::lock_guard lock(impl_->queue_mutex);
    if (impl_->open.erase(id) == 0) {
      raise(ErrorKind::invalid_argument,
            "egress {} was not begun by this audit log, or its outcome is already recorded", id);
    }
    impl_->queue.push_back({id, outcome});
    ++impl_->queued;
  }
  impl_->writer_wake.notify_one();
}

void AuditLog::flush() const {
  impl_->flush();
}

namespace {

// The egresses a query selects (e.seq, e.body, o.body), parsed.
std::vector<AuditEntry> read_entries(Statement& query) {
  std::vector<AuditEntry> entries;
  while (query.step()) {
    AuditEntry entry;
    entry.id = query.integer(0);
    try {
      entry.egress = parse_egress(query.text(1));
      if (!query.is_null(2)) entry.outcome = parse_outcome(query.text(2));
    } catch (const Json::exception& error) {
      raise(ErrorKind::invalid_data, "audit entry {} is damaged ({}); run `hearth audit verify`",
            entry.id, error.what());
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

constexpr std::string_view kSelectEntries =
    "SELECT e.seq, e.body, o.body FROM audit_chain e LEFT JOIN audit_chain o"
    " ON o.egress_id = e.seq AND o.kind = 'outcome' WHERE e.kind = 'egress'";

}  // namespace

std::vector<AuditEntry> AuditLog::list(const AuditFilter& filter) const {
  std::string sql(kSelectEntries);
  if (filter.since_ms) sql += " AND e.time_ms >= ?1";
  if (filter.until_ms) sql += " AND e.time_ms < ?2";
  if (filter.key_id) sql += " AND e.key_id = ?3";
  if (filter.provider) sql += " AND e.provider = ?4";
  sql += filter.limit > 0 ? " ORDER BY e.seq DESC LIMIT ?5" : " ORDER BY e.seq";
  impl_->flush();
  std::lock_guard lock(impl_->mutex);
  Statement query = impl_->db.prepare(sql);
  if (filter.since_ms) query.bind(1, *filter.since_ms);
  if (filter.until_ms) query.bind(2, *filter.until_ms);
  if (filter.key_id) query.bind(3, *filter.key_id);
  if (filter.provider) query.bind(4, *filter.provider);
  if (filter.limit > 0) query.bind(5, static_cast<std::int64_t>(filter.limit));
  return read_entries(query);
}

std::optional<AuditEntry> AuditLog::get(std::int64_t id) const {
  impl_->flush();
  std::lock_guard lock(impl_->mutex);
  Statement query = impl_->db.prepare(std::string(kSelectEntries) + " AND e.seq = ?1");
  query.bind(1, id);
  std::vector<AuditEntry> entries = read_entries(query);
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

VerifyReport AuditLog::verify() const {
  VerifyReport report;
  const auto bad = [&](std::int64_t seq, std::string problem) {
    report.ok = false;
    report.bad_row = seq;
    report.problem = std::move(problem);
    return report;
  };
  impl_->flush();
  std::lock_guard lock(impl_->mutex);
  // One read transaction: a consistent snapshot even while others append.
  impl_->db.execute("BEGIN");
  struct Rollback {
    Database& db;
    ~Rollback() { sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr); }
  } rollback{impl_->db};

  struct EgressColumns {
    std::int64_t time_ms;
    std::string key_id;
    std::string provider;
    bool finished = false;
  };
  std::map<std::int64_t, EgressColumns> egresses;
  Statement rows = impl_->db.prepare(
      "SELECT seq, kind, egress_id, time_ms, key_id, provider, cost, body, prev_hash, hash"
      " FROM audit_chain ORDER BY seq");
  std::string expected_prev = kGenesisHash;
  std::int64_t expected_seq = 1;
  while (rows.step()) {
    const std::int64_t seq = rows.integer(0);
    const std::string kind = rows.text(1);
    const std::int64_t egress_id = rows.integer(2);
    const std::string body = rows.text(7);
    const std::string prev_hash = rows.text(8);
    ++report.rows;
    if (seq != expected_seq) {
      return bad(seq,
                 fmt::format("row {} follows row {}: rows are missing", seq, expected_seq - 1));
    }
    if (prev_hash != expected_prev) {
      return bad(seq, fmt::format("row {} does not link to the row before it", seq));
    }
    const std::string hash = row_hash(prev_hash, seq, kind, egress_id, body);
    if (hash != rows.text(9)) {
      return bad(seq, fmt::format("row {} was changed after it was written (hash mismatch)", seq));
    }
    try {
      if (kind == "egress") {
        const EgressRecord record = parse_egress(body);
        if (egress_id != seq || record.time_ms != rows.integer(3) ||
            record.key_id != rows.text(4) || record.provider != rows.text(5) ||
            rows.real(6) != 0.0) {
          return bad(seq, fmt::format("row {}'s columns disagree with its record", seq));
        }
        egresses[seq] = {record.time_ms, record.key_id, record.provider};
        ++report.egresses;
      } else if (kind == "outcome") {
        const EgressOutcome outcome = parse_outcome(body);
        const auto egress = egresses.find(egress_id);
        if (egress == egresses.end()) {
          return bad(seq, fmt::format("row {} is the outcome of egress {}, which is not before it",
                                      seq, egress_id));
        }
        if (egress->second.finished) {
          return bad(seq, fmt::format("row {} is a second outcome of egress {}", seq, egress_id));
        }
        if (outcome.cost_usd != rows.real(6) || egress->second.time_ms != rows.integer(3) ||
            egress->second.key_id != rows.text(4) || egress->second.provider != rows.text(5)) {
          return bad(seq, fmt::format("row {}'s columns disagree with its record", seq));
        }
        egress->second.finished = true;
      } else {
        return bad(seq, fmt::format("row {} has an unknown kind `{}`", seq, kind));
      }
    } catch (const Json::exception&) {
      return bad(seq, fmt::format("row {}'s record is not valid JSON of its kind", seq));
    }
    expected_prev = hash;
    ++expected_seq;
  }
  Statement head = impl_->db.prepare("SELECT seq, hash FROM chain_head WHERE id = 1");
  const bool has_head = head.step();
  if (has_head ? (head.integer(0) != expected_seq - 1 || head.text(1) != expected_prev)
               : report.rows != 0) {
    return bad(expected_seq - 1,
               "the chain ends before its recorded head: rows at the end were deleted");
  }
  for (const auto& [id, egress] : egresses) {
    if (!egress.finished) ++report.interrupted;
  }
  return report;
}

double AuditLog::spent_usd(std::string_view key_id, std::int64_t since_ms) const {
  impl_->flush();
  std::lock_guard lock(impl_->mutex);
  Statement query = impl_->db.prepare_cached(
      "SELECT COALESCE(SUM(cost), 0) FROM audit_chain"
      " WHERE kind = 'outcome' AND key_id = ?1 AND time_ms >= ?2");
  query.bind(1, key_id).bind(2, since_ms);
  query.step();
  return query.real(0);
}

}  // namespace hearth::store
