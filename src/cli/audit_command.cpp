// `hearth audit list|show|export|verify`: the record of everything that left
// the machine (docs/audit.md).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "hearth/store/audit_log.h"
#include "hearth/util/error.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct AuditOptions {
  std::string db;
  std::optional<std::string> key;
  std::optional<std::string> provider;
  std::optional<std::string> since;
  std::optional<std::string> until;
  std::size_t limit = 50;
  std::int64_t id = 0;
  std::string format = "jsonl";
  std::optional<std::string> output;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2026-11-21", "2026-11-21T10:00:00Z", or a time ago: "90m", "24h", "7d".
std::int64_t parse_time(const std::string& text) {
  if (!text.empty() && (text.back() == 'm' || text.back() == 'h' || text.back() == 'd') &&
      text.find('-') == std::string::npos) {
    std::size_t used = 0;
    long long amount = -1;
    try {
      amount = std::stoll(text.substr(0, text.size() - 1), &used);
    } catch (const std::exception&) {
    }
    if (amount >= 0 && used + 1 == text.size()) {
      const std::int64_t unit = text.back() == 'm'   ? 60'000
                                : text.back() == 'h' ? 3'600'000
                                                     : 86'400'000;
      return now_ms() - amount * unit;
    }
  }
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char tail = 0;
  const int fields = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day,
                                 &hour, &minute, &second, &tail);
  const bool date_only = fields == 3 && text.size() == 10;
  const bool date_time = fields == 7 && tail == 'Z' && text.size() == 20;
  if (!date_only && !date_time) {
    raise(ErrorKind::invalid_argument,
          "cannot read the time `{}`: use 2026-11-21, 2026-11-21T10:00:00Z, or an age like 24h "
          "or 7d",
          text);
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(year),
                            std::chrono::month(static_cast<unsigned>(month)),
                            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
    raise(ErrorKind::invalid_argument, "`{}` is not a valid date", text);
  }
  const sys_seconds time = sys_days(date) + hours(hour) + minutes(minute) + seconds(second);
  return duration_cast<milliseconds>(time.time_since_epoch()).count();
}

std::filesystem::path log_path(const AuditOptions& options) {
  return options.db.empty() ? store::default_audit_path() : std::filesystem::path(options.db);
}

// Opens an existing log; reading commands never create one.
store::AuditLog open_log(const AuditOptions& options) {
  const std::filesystem::path path = log_path(options);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    raise(ErrorKind::not_found,
          "no audit log at {} (nothing has left this machine yet, or "
          "--db names another file)",
          path.string());
  }
  return store::AuditLog(path);
}

store::AuditFilter filter_of(const AuditOptions& options) {
  store::AuditFilter filter;
  filter.key_id = options.key;
  filter.provider = options.provider;
  if (options.since) filter.since_ms = parse_time(*options.since);
  if (options.until) filter.until_ms = parse_time(*options.until);
  return filter;
}

int run_list(const AuditOptions& options) {
  store::AuditFilter filter = filter_of(options);
  filter.limit = options.limit;
  const std::vector<store::AuditEntry> entries = open_log(options).list(filter);
  if (entries.empty()) {
    std::fprintf(stderr, "no egress matches\n");
    return kExitOk;
  }
  fmt::print("{:>6}  {:<24}  {:<12}  {:<12}  {:<20}  {:<11}  {:>6}  {:>6}  {:>10}  {:>8}  {}\n",
             "ID", "TIME", "KEY", "PROVIDER", "MODEL", "STATUS", "IN", "OUT", "COST", "LATENCY",
             "REASON");
  for (const store::AuditEntry& entry : entries) {
    const store::EgressOutcome outcome = entry.outcome.value_or(store::EgressOutcome{});
    fmt::print(
        "{:>6}  {:<24}  {:<12}  {:<12}  {:<20}  {:<11}  {:>6}  {:>6}  {:>10.6f}  {:>6}ms  {}\n",
        entry.id, store::iso_time(entry.egress.time_ms), entry.egress.key_id, entry.egress.provider,
        entry.egress.model, entry.outcome ? entry.outcome->outcome : "interrupted",
        outcome.input_tokens, outcome.output_tokens, outcome.cost_usd, outcome.latency_ms,
        entry.egress.route_reason);
  }
  return kExitOk;
}

int run_show(const AuditOptions& options) {
  const std::optional<store::AuditEntry> entry = open_log(options).get(options.id);
  if (!entry)
    raise(ErrorKind::not_found, "no egress {} in {}", options.id, log_path(options).string());
  fmt::print("{}\n", store::entry_json(*entry, 2));
  return kExitOk;
}

int run_export(const AuditOptions& options) {
  const std::vector<store::AuditEntry> entries = open_log(options).list(filter_of(options));
  std::ofstream file;
  if (options.output) {
    file.open(*options.output, std::ios::binary | std::ios::trunc);
    if (!file) raise(ErrorKind::io, "cannot write {}", *options.output);
  }
  std::ostream& out = options.output ? static_cast<std::ostream&>(file) : std::cout;
  if (options.format == "csv") {
    store::write_csv(out, entries);
  } else {
    store::write_jsonl(out, entries);
  }
  out.flush();
  if (!out) raise(ErrorKind::io, "writing the export failed");
  if (options.output)
    std::fprintf(stderr, "exported %zu egresses to %s\n", entries.size(), options.output->c_str());
  return kExitOk;
}

int run_verify(const AuditOptions& options) {
  const store::VerifyReport report = open_log(options).verify();
  if (!report.ok) {
    fmt::print(stderr, "hearth: the audit log {} does not verify: {}\n", log_path(options).string(),
               report.problem);
    return kExitFailure;
  }
  fmt::print("ok: {} egresses, {} rows, {} interrupted\n", report.egresses, report.rows,
             report.interrupted);
  return kExitOk;
}

void add_database(CLI::App& app, AuditOptions& options) {
  app.add_option("--db", options.db,
                 "The audit log (default: $HEARTH_AUDIT_DB, else "
                 "~/.local/share/hearth/audit.sqlite)");
}

void add_filters(CLI::App& app, AuditOptions& options) {
  add_database(app, options);
  app.add_option("--key", options.key, "Only this API key id");
  app.add_option("--provider", options.provider, "Only this provider");
  app.add_option("--since", options.since,
                 "From this time: 2026-11-21, 2026-11-21T10:00:00Z, 24h, 7d");
  app.add_option("--until", options.until, "Before this time (same forms)");
}

}  // namespace

Subcommand add_audit_command(CLI::App& parent) {
  auto options = std::make_shared<AuditOptions>();
  CLI::App* app = parent.add_subcommand(
      "audit", "The audit log of every request that left this machine: list, show, export, verify");
  app->require_subcommand(1);
  app->add_option(
      "--db", options->db,
      "The audit log (default: $HEARTH_AUDIT_DB, else ~/.local/share/hearth/audit.sqlite)");

  CLI::App* list = app->add_subcommand("list", "The latest egresses, newest first");
  add_filters(*list, *options);
  list->add_option("--limit", options->limit, "How many")->capture_default_str();
  CLI::App* show = app->add_subcommand("show", "One egress, with the redacted payload that left");
  show->add_option("id", options->id, "The egress id")->required();
  add_database(*show, *options);
  CLI::App* exported = app->add_subcommand("export", "Every matching egress, oldest first");
  add_filters(*exported, *options);
  exported->add_option("--format", options->format, "jsonl or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  exported->add_option("-o,--output", options->output, "Write to this file instead of stdout");
  CLI::App* verify =
      app->add_subcommand("verify", "Check the hash chain: nothing edited, removed or reordered");
  add_database(*verify, *options);

  return {app, [=] {
            if (list->parsed()) return run_list(*options);
            if (show->parsed()) return run_show(*options);
            if (exported->parsed()) return run_export(*options);
            if (verify->parsed()) return run_verify(*options);
            return static_cast<int>(kExitUsage);
          }};
}

}  // namespace hearth::cli
