#include "hearth/store/audit_log.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <thread>

#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::store {
namespace {

using hearth::testing::ScratchDir;

EgressRecord record(std::string key, std::int64_t time_ms = 1'700'000'000'000) {
  EgressRecord egress;
  egress.time_ms = time_ms;
  egress.key_id = std::move(key);
  egress.provider = "openai";
  egress.model = "gpt-4o-mini";
  egress.route_reason = "fit: too long";
  egress.payload = R"({"messages":[{"role":"user","content":"Mail <EMAIL_1>"}]})";
  egress.entity_counts = {{"EMAIL", 1}};
  return egress;
}

EgressOutcome ok(double cost) {
  EgressOutcome outcome;
  outcome.outcome = "ok";
  outcome.input_tokens = 10;
  outcome.output_tokens = 20;
  outcome.cost_usd = cost;
  outcome.latency_ms = 120;
  outcome.http_status = 200;
  return outcome;
}

// Runs SQL on the file behind the log's back, as someone tampering would.
void tamper(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

class AuditLogTest : public ::testing::Test {
 protected:
  // Three egresses: two finished, the last interrupted.
  void write_three() {
    // Flushed after each outcome: the rows are then 1 to 5 in this order.
    AuditLog log(path());
    log.finish_egress(log.begin_egress(record("alice")), ok(0.5));
    log.flush();
    log.finish_egress(log.begin_egress(record("bob")), ok(0.25));
    log.flush();
    log.begin_egress(record("alice"));
  }
  std::filesystem::path path() const { return dir_ / "audit.sqlite"; }
  VerifyReport verify() const { return AuditLog(path()).verify(); }
  ScratchDir dir_;
};

TEST_F(AuditLogTest, RecordsListAndGetEgresses) {
  write_three();
  AuditLog log(path());
  const std::vector<AuditEntry> entries = log.list();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].egress.key_id, "alice");
  EXPECT_EQ(entries[0].egress.payload, record("alice").payload);
  EXPECT_EQ(entries[0].egress.entity_counts.at("EMAIL"), 1u);
  ASSERT_TRUE(entries[0].outcome);
  EXPECT_EQ(entries[0].outcome->cost_usd, 0.5);
  EXPECT_FALSE(entries[2].outcome.has_value());  // interrupted

  AuditFilter filter;
  filter.key_id = "alice";
  EXPECT_EQ(log.list(filter).size(), 2u);
  filter.limit = 1;
  ASSERT_EQ(log.list(filter).size(), 1u);
  EXPECT_EQ(log.list(filter)[0].id, entries[2].id);  // newest first
  filter = {};
  filter.provider = "anthropic";
  EXPECT_TRUE(log.list(filter).empty());
  filter = {};
  filter.since_ms = 1'700'000'000'001;
  EXPECT_TRUE(log.list(filter).empty());

  ASSERT_TRUE(log.get(entries[1].id).has_value());
  EXPECT_EQ(log.get(entries[1].id)->egress.key_id, "bob");
  EXPECT_FALSE(log.get(999).has_value());

  const VerifyReport report = log.verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.rows, 5u);
  EXPECT_EQ(report.egresses, 3u);
  EXPECT_EQ(report.interrupted, 1u);
}

TEST_F(AuditLogTest, AnOutcomeNeedsItsEgressAndComesOnce) {
  AuditLog log(path());
  const std::int64_t id = log.begin_egress(record("alice"));
  log.finish_egress(id, ok(1));
  EXPECT_THROW(log.finish_egress(id, ok(1)), Error);
  EXPECT_THROW(log.finish_egress(12345, ok(1)), Error);
  EXPECT_TRUE(log.verify().ok);
}

TEST_F(AuditLogTest, TheWriterCommitsOutcomesWithoutBeingAsked) {
  AuditLog writer(path());
  const std::int64_t id = writer.begin_egress(record("alice"));
  writer.finish_egress(id, ok(0.5));
  // Read through another connection, which cannot flush the writer's queue.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::optional<AuditEntry> entry;
  while (std::chrono::steady_clock::now() < deadline) {
    entry = AuditLog(path()).get(id);
    if (entry && entry->outcome) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(entry && entry->outcome);
  EXPECT_DOUBLE_EQ(entry->outcome->cost_usd, 0.5);
}

TEST_F(AuditLogTest, SpentIsTheSumOfAKeysCostsSinceATime) {
  AuditLog log(path());
  log.finish_egress(log.begin_egress(record("alice", 1000)), ok(0.5));
  log.finish_egress(log.begin_egress(record("alice", 2000)), ok(0.25));
  log.finish_egress(log.begin_egress(record("bob", 2000)), ok(4));
  EXPECT_DOUBLE_EQ(log.spent_usd("alice", 0), 0.75);
  EXPECT_DOUBLE_EQ(log.spent_usd("alice", 1500), 0.25);
  EXPECT_DOUBLE_EQ(log.spent_usd("carol", 0), 0.0);
}

TEST_F(AuditLogTest, VerifyFindsAnEditedRecord) {
  write_three();
  tamper(path(), "UPDATE audit_chain SET body = replace(body, 'EMAIL_1', 'EMAIL_2') WHERE seq = 1");
  const VerifyReport report = verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.bad_row, 1);
  EXPECT_NE(report.problem.find("changed"), std::string::npos) << report.problem;
}

TEST_F(AuditLogTest, VerifyFindsAnEditedColumn) {
  write_three();
  tamper(path(), "UPDATE audit_chain SET cost = 0 WHERE seq = 2");
  EXPECT_EQ(verify().bad_row, 2);
}

TEST_F(AuditLogTest, VerifyFindsADeletedRow) {
  write_three();
  tamper(path(), "DELETE FROM audit_chain WHERE seq = 2");
  const VerifyReport report = verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.bad_row, 3);
}

TEST_F(AuditLogTest, VerifyFindsTheLastRowDeleted) {
  write_three();
  tamper(path(), "DELETE FROM audit_chain WHERE seq = 5");
  const VerifyReport report = verify();
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.problem.find("deleted"), std::string::npos) << report.problem;
}

TEST_F(AuditLogTest, VerifyFindsReorderedRows) {
  write_three();
  tamper(path(),
         "UPDATE audit_chain SET seq = 100 WHERE seq = 1; UPDATE audit_chain SET seq = 1 WHERE "
         "seq = 3; UPDATE audit_chain SET seq = 3 WHERE seq = 100;");
  EXPECT_FALSE(verify().ok);
}

TEST_F(AuditLogTest, VerifyFindsAnOutcomeWithoutItsEgress) {
  write_three();
  tamper(path(), "UPDATE audit_chain SET egress_id = 99 WHERE seq = 2");
  EXPECT_FALSE(verify().ok);
}

TEST_F(AuditLogTest, SeveralWritersKeepOneChain) {
  { AuditLog create(path()); }
  // Another process, forked before this one opens any connection (a forked
  // child must not use its parent's SQLite connections).
  const pid_t child = fork();
  if (child == 0) {
    {
      AuditLog log(path());
      for (int i = 0; i < 25; ++i) log.finish_egress(log.begin_egress(record("child")), ok(0.01));
    }  // the destructor writes the queued outcomes
    _exit(0);
  }
  {
    AuditLog first(path());
    AuditLog second(path());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        AuditLog& log = t % 2 ? first : second;
        for (int i = 0; i < 25; ++i) log.finish_egress(log.begin_egress(record("k")), ok(0.01));
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const VerifyReport report = verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.egresses, 125u);
  EXPECT_EQ(report.interrupted, 0u);
}

TEST_F(AuditLogTest, AProcessKilledMidWriteLosesNothingItWasToldIsRecorded) {
  { AuditLog create(path()); }
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_ends[0]);
    AuditLog log(path());
    for (;;) {
      const std::int64_t id = log.begin_egress(record("child"));
      if (write(pipe_ends[1], &id, sizeof id) != sizeof id) _exit(1);
      log.finish_egress(id, ok(0.01));
    }
  }
  close(pipe_ends[1]);
  std::vector<std::int64_t> ids;
  std::int64_t id = 0;
  while (ids.size() < 200 && read(pipe_ends[0], &id, sizeof id) == sizeof id) ids.push_back(id);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  while (read(pipe_ends[0], &id, sizeof id) == sizeof id) ids.push_back(id);
  close(pipe_ends[0]);

  AuditLog log(path());
  const VerifyReport report = log.verify();
  EXPECT_TRUE(report.ok) << report.problem;
  // Outcomes still queued when it died are lost (those egresses read as
  // interrupted); every egress it began is there.
  for (const std::int64_t recorded : ids) EXPECT_TRUE(log.get(recorded).has_value()) << recorded;
}

TEST_F(AuditLogTest, TheFileIsPrivate) {
  { AuditLog log(path()); }
  struct stat info {};
  ASSERT_EQ(stat(path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
}

TEST_F(AuditLogTest, OtherFilesAreRefused) {
  std::ofstream(dir_ / "garbage") << "this is not a database at all, not even close........";
  EXPECT_THROW(AuditLog(dir_ / "garbage"), Error);
  tamper(dir_ / "other.sqlite", "CREATE TABLE t (x)");
  try {
    AuditLog log(dir_ / "other.sqlite");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
    EXPECT_NE(error.message().find("not a hearth audit log"), std::string::npos);
  }
}

}  // namespace
}  // namespace hearth::store
