#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "hearth/store/audit_log.h"

namespace hearth::store {
namespace {

std::vector<AuditEntry> entries() {
  AuditEntry finished;
  finished.id = 1;
  finished.egress.time_ms = 1'763'719'445'123;  // 2025-11-21T10:04:05.123Z
  finished.egress.key_id = "alice";
  finished.egress.provider = "openai";
  finished.egress.model = "gpt-4o-mini";
  finished.egress.route_reason = "fit: the prompt, \"long\", needs 9000 tokens";
  finished.egress.payload = "line one,\nline \"two\"";
  finished.egress.entity_counts = {{"EMAIL", 2}, {"PERSON", 1}};
  EgressOutcome outcome;
  outcome.outcome = "ok";
  outcome.input_tokens = 12;
  outcome.output_tokens = 34;
  outcome.cost_usd = 0.25;
  outcome.latency_ms = 321;
  outcome.http_status = 200;
  finished.outcome = outcome;
  AuditEntry interrupted = finished;
  interrupted.id = 3;
  interrupted.outcome.reset();
  return {finished, interrupted};
}

TEST(AuditExport, JsonLinesParseBack) {
  std::ostringstream out;
  write_jsonl(out, entries());
  std::istringstream in(out.str());
  std::string line;
  std::vector<nlohmann::json> objects;
  while (std::getline(in, line)) objects.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0]["time"], "2025-11-21T10:04:05.123Z");
  EXPECT_EQ(objects[0]["payload"], "line one,\nline \"two\"");
  EXPECT_EQ(objects[0]["entity_counts"]["EMAIL"], 2);
  EXPECT_EQ(objects[0]["outcome"]["cost_usd"], 0.25);
  EXPECT_EQ(objects[0]["status"], "ok");
  EXPECT_TRUE(objects[1]["outcome"].is_null());
  EXPECT_EQ(objects[1]["status"], "interrupted");
}

TEST(AuditExport, CsvQuotesWhatNeedsQuoting) {
  std::ostringstream out;
  write_csv(out, entries());
  const std::string csv = out.str();
  EXPECT_TRUE(csv.starts_with("id,time,key_id,provider,model,status,"));
  EXPECT_NE(csv.find("\"fit: the prompt, \"\"long\"\", needs 9000 tokens\""), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\"line one,\nline \"\"two\"\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"{\"\"EMAIL\"\":2,\"\"PERSON\"\":1}\""), std::string::npos) << csv;
  EXPECT_NE(csv.find(",interrupted,0,0,0,0,0,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace hearth::store
