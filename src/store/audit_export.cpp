// The audit log as JSON lines, CSV, and one pretty JSON object.
#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "hearth/store/audit_log.h"

namespace hearth::store {
namespace {

using Json = nlohmann::ordered_json;  // fields in the documented order

std::string status_of(const AuditEntry& entry) {
  return entry.outcome ? entry.outcome->outcome : "interrupted";
}

Json to_json(const AuditEntry& entry) {
  Json counts = Json::object();
  for (const auto& [type, count] : entry.egress.entity_counts) counts[type] = count;
  Json object = {{"id", entry.id},
                 {"time", iso_time(entry.egress.time_ms)},
                 {"time_ms", entry.egress.time_ms},
                 {"key_id", entry.egress.key_id},
                 {"provider", entry.egress.provider},
                 {"model", entry.egress.model},
                 {"status", status_of(entry)},
                 {"route_reason", entry.egress.route_reason},
                 {"entity_counts", std::move(counts)},
                 {"payload", entry.egress.payload}};
  if (entry.outcome) {
    const EgressOutcome& outcome = *entry.outcome;
    object["outcome"] = {
        {"outcome", outcome.outcome},           {"detail", outcome.detail},
        {"input_tokens", outcome.input_tokens}, {"output_tokens", outcome.output_tokens},
        {"cost_usd", outcome.cost_usd},         {"latency_ms", outcome.latency_ms},
        {"http_status", outcome.http_status}};
  } else {
    object["outcome"] = nullptr;
  }
  return object;
}

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string iso_time(std::int64_t time_ms) {
  const std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     time_ms % 1000);
}

std::string entry_json(const AuditEntry& entry, int indent) {
  return to_json(entry).dump(indent, ' ', false, Json::error_handler_t::replace);
}

void write_jsonl(std::ostream& out, const std::vector<AuditEntry>& entries) {
  for (const AuditEntry& entry : entries) out << entry_json(entry) << '\n';
}

void write_csv(std::ostream& out, const std::vector<AuditEntry>& entries) {
  out << "id,time,key_id,provider,model,status,input_tokens,output_tokens,cost_usd,latency_ms,"
         "http_status,route_reason,entity_counts,detail,payload\r\n";
  for (const AuditEntry& entry : entries) {
    const Json json = to_json(entry);
    const EgressOutcome outcome = entry.outcome.value_or(EgressOutcome{});
    out << entry.id << ',' << csv_field(json["time"].get<std::string>()) << ','
        << csv_field(entry.egress.key_id) << ',' << csv_field(entry.egress.provider) << ','
        << csv_field(entry.egress.model) << ',' << csv_field(status_of(entry)) << ','
        << outcome.input_tokens << ',' << outcome.output_tokens << ','
        << fmt::format("{}", outcome.cost_usd) << ',' << outcome.latency_ms << ','
        << outcome.http_status << ',' << csv_field(entry.egress.route_reason) << ','
        << csv_field(json["entity_counts"].dump()) << ',' << csv_field(outcome.detail) << ','
        << csv_field(entry.egress.payload) << "\r\n";
  }
}

}  // namespace hearth::store
