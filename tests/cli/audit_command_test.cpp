// `hearth audit list|show|export|verify` on a log the test writes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hearth/store/audit_log.h"
#include "run_hearth.h"
#include "test_paths.h"

namespace hearth::cli {
namespace {

using hearth::testing::run_hearth;
using hearth::testing::ScratchDir;

class AuditCommandTest : public ::testing::Test {
 protected:
  AuditCommandTest() {
    store::AuditLog log(db());
    for (const char* key : {"alice", "bob", "alice"}) {
      store::EgressRecord record;
      record.time_ms = 1'763'719'445'000;  // 2025-11-21T10:04:05Z
      record.key_id = key;
      record.provider = "openai";
      record.model = "gpt-4o-mini";
      record.route_reason = "fit: the prompt, \"long\", does not fit";
      record.payload = "{\"messages\":[{\"content\":\"Write to <EMAIL_1>\"}]}";
      record.entity_counts = {{"EMAIL", 1}};
      const std::int64_t id = log.begin_egress(record);
      if (std::string(key) == "bob") continue;  // left interrupted
      store::EgressOutcome outcome;
      outcome.outcome = "ok";
      outcome.cost_usd = 0.0015;
      outcome.input_tokens = 100;
      outcome.output_tokens = 50;
      log.finish_egress(id, outcome);
      log.flush();  // the ids are then 1, 3 and 4
    }
  }
  std::string db() const { return (dir_ / "audit.sqlite").string(); }
  ScratchDir dir_;
};

TEST_F(AuditCommandTest, ListsNewestFirstWithFilters) {
  const auto result = run_hearth({"audit", "list", "--db", db()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Ids are the chain's row numbers: the egresses are 1, 3 and 4.
  const std::size_t third = result.out.find("\n     4  ");
  const std::size_t first = result.out.find("\n     1  ");
  ASSERT_NE(third, std::string::npos) << result.out;
  EXPECT_LT(third, first);
  EXPECT_NE(result.out.find("interrupted"), std::string::npos);
  EXPECT_NE(result.out.find("2025-11-21T10:04:05.000Z"), std::string::npos);

  const auto bob = run_hearth({"audit", "list", "--db", db(), "--key", "bob"});
  EXPECT_EQ(bob.exit_code, 0);
  EXPECT_EQ(bob.out.find("alice"), std::string::npos) << bob.out;
  const auto later = run_hearth({"audit", "list", "--db", db(), "--since", "2025-11-22"});
  EXPECT_EQ(later.exit_code, 0);
  EXPECT_NE(later.err.find("no egress matches"), std::string::npos);
  const auto bad_time = run_hearth({"audit", "list", "--db", db(), "--since", "yesterday"});
  EXPECT_EQ(bad_time.exit_code, 1);
  EXPECT_NE(bad_time.err.find("cannot read the time"), std::string::npos);
}

TEST_F(AuditCommandTest, ShowsOneEgressWithItsPayload) {
  const auto result = run_hearth({"audit", "show", "3", "--db", db()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json entry = nlohmann::json::parse(result.out);
  EXPECT_EQ(entry["key_id"], "bob");
  EXPECT_EQ(entry["status"], "interrupted");
  EXPECT_NE(entry["payload"].get<std::string>().find("<EMAIL_1>"), std::string::npos);
  EXPECT_EQ(run_hearth({"audit", "show", "2", "--db", db()}).exit_code, 1);  // an outcome row
}

TEST_F(AuditCommandTest, ExportsJsonLinesAndCsv) {
  const auto jsonl = run_hearth({"audit", "export", "--db", db(), "--format", "jsonl"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  std::istringstream lines(jsonl.out);
  std::string line;
  std::vector<nlohmann::json> entries;
  while (std::getline(lines, line)) entries.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0]["id"], 1);  // oldest first
  EXPECT_EQ(entries[0]["outcome"]["cost_usd"], 0.0015);

  const std::string file = (dir_ / "out.csv").string();
  const auto csv = run_hearth(
      {"audit", "export", "--db", db(), "--format", "csv", "--key", "alice", "-o", file});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(text.starts_with("id,time,key_id,"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);  // header + two rows
  EXPECT_NE(text.find("\"fit: the prompt, \"\"long\"\", does not fit\""), std::string::npos);
}

TEST_F(AuditCommandTest, VerifySaysOkOrNamesTheBadRow) {
  const auto ok = run_hearth({"audit", "verify", "--db", db()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "ok: 3 egresses, 5 rows, 1 interrupted\n");

  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &handle), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(handle, "UPDATE audit_chain SET key_id = 'mallory' WHERE seq = 3", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(handle);
  const auto tampered = run_hearth({"audit", "verify", "--db", db()});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(tampered.err.find("row 3"), std::string::npos) << tampered.err;
}

TEST_F(AuditCommandTest, AMissingLogIsAnErrorAndIsNotCreated) {
  const std::string missing = (dir_ / "none.sqlite").string();
  const auto result = run_hearth({"audit", "list", "--db", missing});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no audit log at"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace hearth::cli
