// hearth_bench_gateway: what the gateway itself adds to a remote request —
// scan, route, pseudonymize, audit, restore, and its HTTP hops.
//
//   hearth_bench_gateway [--requests 2000] [--prompt-bytes 2048] [--no-names]
//
// --no-names runs the privacy scan without the name tagger ([privacy]
// detect_names = false): structured identifiers and secrets only.
// A loopback stand-in provider answers every chat request at once, echoing
// the (pseudonymized) last user message, so the restore step has real work.
// A 2 KB prompt (an email thread full of names, contacts and numbers) is sent
//   1. straight to the stand-in (the baseline: client, HTTP, provider), and
//   2. through hearth (`"model": "remote:fake"`, audit log on),
// one request at a time on a keep-alive connection, alternating, so both
// see the same machine state; hearth's extra is the difference of the
// latency percentiles (its own HTTP server and JSON, the second loopback
// round trip, and the gateway's steps). After each pair, the gateway's steps
// alone run in process on the same messages, each timed: the privacy scan,
// the route decision, pseudonymization, the audit log, restoration.
#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hearth/http/server.h"
#include "hearth/privacy/entity.h"
#include "hearth/privacy/pseudonymize.h"
#include "hearth/privacy/scanner.h"
#include "hearth/route/router.h"
#include "hearth/route/topics.h"
#include "hearth/server/api_server.h"
#include "hearth/store/audit_log.h"
#include "hearth/util/error.h"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

// A request of the kind people send: an email thread to summarize, with
// names, contacts, an address, numbers and prose, nothing repeated; cut or
// extended (by its own sentences again) to the size asked for. Request i
// starts with its own ticket number, so no cache could answer for the scan.
std::string prompt_of(std::size_t bytes, std::size_t request) {
  static const char* kThread =
      "Please summarize this thread and draft a short reply.\n\n"
      "From: Maria Garcia <maria.garcia@northwind.example>\n"
      "Hi Tom, following up on Tuesday's call. Northwind Traders would like the revised "
      "contract by Friday; our legal contact is Priya Raman, and she asked that the payment "
      "terms match the ones we agreed with Contoso last spring. You can reach me on "
      "+1 415-555-0132 until six.\n\n"
      "From: Tom Becker <tom.becker@fabrikam.example>\n"
      "Thanks Maria. I spoke with Jonas Weber in our Berlin office this morning, and he "
      "confirmed the delivery dates for the first two shipments. The third depends on the "
      "customs paperwork, which Aiko Tanaka is preparing. Could you send the signed order "
      "form to our office at 1450 Larkspur Avenue, Suite 300, Denver? My direct line is "
      "(303) 555-0187.\n\n"
      "From: Maria Garcia\n"
      "Will do. One more thing: the invoice for order 58213 still shows the old price tier. "
      "Dr. Samuel Okafor from our finance team says it should be the partner rate, and he "
      "would like a corrected copy before the quarter closes. He is out next week, so "
      "please copy Elena Petrova (elena.petrova@northwind.example) on anything urgent.\n\n"
      "From: Tom Becker\n"
      "Understood. I will ask Rachel Kim in billing to reissue it today. For the support "
      "plan, we can offer the standard tier with a named engineer, Luis Fernandez, who "
      "already knows your setup from the pilot in Madrid. Let me know if Wednesday at ten "
      "works for a short call with him and Hannah Schmidt from our onboarding team.\n";
  std::string text = fmt::format("Ticket {}. ", request);
  while (text.size() < bytes) text += kThread;
  text.resize(bytes);
  return text;
}

constexpr const char* kSystemMessage = "You are concise.";

Json chat_body(const std::string& model, const std::string& prompt) {
  return {{"model", model},
          {"messages", Json::array({{{"role", "system"}, {"content", kSystemMessage}},
                                    {{"role", "user"}, {"content", prompt}}})},
          {"max_tokens", 256},
          {"temperature", 0.2}};
}

// The stand-in provider: OpenAI's chat completions, answered at once.
void answer_instantly(const hearth::http::Request& request, hearth::http::Exchange& exchange) {
  const Json body = Json::parse(request.body, nullptr, false);
  std::string reply;
  if (body.is_object() && body.contains("messages") && !body["messages"].empty()) {
    reply = body["messages"].back().value("content", "");
  }
  const Json answer = {
      {"id", "chatcmpl-bench"},
      {"object", "chat.completion"},
      {"created", 0},
      {"model", "fake"},
      {"choices", Json::array({{{"index", 0},
                                {"message", {{"role", "assistant"}, {"content", reply}}},
                                {"finish_reason", "stop"}}})},
      {"usage", {{"prompt_tokens", 500}, {"completion_tokens", 500}, {"total_tokens", 1000}}}};
  hearth::http::Response response;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = answer.dump();
  exchange.respond(response);
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

class Client {
 public:
  Client() : curl_(curl_easy_init()) {
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
  }
  ~Client() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }
  // Seconds for one POST; throws when the answer is not a 200.
  double post(const std::string& url, const std::string& body) {
    std::string response;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response);
    const Clock::time_point start = Clock::now();
    const CURLcode code = curl_easy_perform(curl_);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status != 200) {
      throw std::runtime_error(fmt::format("POST {} failed: {} {} {}", url, static_cast<int>(code),
                                           status, response.substr(0, 300)));
    }
    return seconds;
  }

 private:
  CURL* curl_;
  curl_slist* headers_ = nullptr;
};

void print_row(std::string_view name, const std::vector<double>& seconds) {
  fmt::print("| {} | {:.3f} | {:.3f} |\n", name, percentile(seconds, 0.5) * 1e3,
             percentile(seconds, 0.99) * 1e3);
}

// The gateway's own steps for one request, in process, each timed: what
// hearth does between reading the request and answering it, less HTTP and
// JSON and the provider's round trip.
class Pipeline {
 public:
  Pipeline(bool detect_names, const std::filesystem::path& audit_path)
      : scanner_(scanner_options(detect_names)), router_(router_config()), audit_(audit_path) {}

  void run(const std::vector<std::string>& messages) {
    Clock::time_point mark = Clock::now();
    const auto lap = [&](std::vector<double>& into) {
      const Clock::time_point now = Clock::now();
      into.push_back(std::chrono::duration<double>(now - mark).count());
      mark = now;
    };
    const Clock::time_point start = mark;

    std::vector<std::vector<hearth::privacy::Finding>> findings;
    hearth::route::RouteInput input;
    std::string all_text;
    for (const std::string& message : messages) {
      findings.push_back(scanner_.scan(message));
      for (const hearth::privacy::Finding& finding : findings.back()) {
        input.classes_found.emplace_back(hearth::privacy::entity_type_name(finding.type));
      }
      all_text += message;
      all_text += '\n';
    }
    for (std::string& topic : hearth::route::detect_topics(all_text)) {
      input.classes_found.push_back(std::move(topic));
    }
    lap(scan);

    input.model = "remote:fake";
    input.providers_available = {"fake"};
    input.local_models = {"local"};
    const hearth::route::RouteDecision decision = router_.decide(input);
    if (decision.route != hearth::route::Route::remote) {
      throw std::runtime_error("the router did not send the request remote");
    }
    lap(route);

    hearth::privacy::Vault vault;
    std::string payload;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      payload += hearth::privacy::pseudonymize(messages[i], findings[i], policy_, vault).text;
    }
    lap(pseudonymize);

    hearth::store::EgressRecord record;
    record.key_id = "bench";
    record.provider = "fake";
    record.model = "fake";
    record.route_reason = decision.reason;
    record.payload = payload;
    const std::int64_t id = audit_.begin_egress(record);
    hearth::store::EgressOutcome outcome;
    outcome.outcome = "ok";
    audit_.finish_egress(id, outcome);
    lap(audit);

    // The stand-in echoes the pseudonymized text back.
    restored_ = hearth::privacy::restore(payload, vault);
    lap(restore);
    total.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }

  const std::string& restored() const { return restored_; }
  void forget_timings() {
    for (std::vector<double>* times : {&scan, &route, &pseudonymize, &audit, &restore, &total}) {
      times->clear();
    }
  }

  std::vector<double> scan, route, pseudonymize, audit, restore, total;

 private:
  static hearth::privacy::ScannerOptions scanner_options(bool detect_names) {
    hearth::privacy::ScannerOptions options;
    options.detect_names = detect_names;
    return options;
  }
  static hearth::route::RouterConfig router_config() {
    hearth::route::RouterConfig config;
    hearth::route::RouteConfig route;
    route.local_model = "local";
    route.providers = {"fake"};
    config.routes.push_back(route);
    config.providers = {"fake"};
    return config;
  }

  hearth::privacy::Scanner scanner_;
  hearth::route::Router router_;
  hearth::store::AuditLog audit_;
  hearth::privacy::Policy policy_;
  std::string restored_;
};

int run(std::size_t requests, std::size_t prompt_bytes, bool detect_names) {
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / fmt::format("hearth-gateway-bench-{}", getpid());
  std::filesystem::create_directories(scratch);

  hearth::http::Server provider(hearth::http::ServerOptions{}, answer_instantly);
  provider.start();
  const std::string provider_url = fmt::format("http://127.0.0.1:{}/v1", provider.port());

  // hearth with one (never loaded) local model and the stand-in as a provider.
  hearth::server::ServerConfig config;
  const char* model = std::getenv("HEARTH_BENCH_MODEL");
  hearth::server::ModelConfig local;
  local.id = "local";
  local.path = model != nullptr ? model : "/proc/self/exe";  // any file: it is never loaded
  config.models.push_back(local);
  hearth::remote::ProviderConfig fake;
  fake.name = "fake";
  fake.base_url = provider_url;
  fake.models = {"fake"};
  fake.price = {0.15, 0.60};
  config.gateway.providers.push_back(fake);
  config.gateway.audit_path = scratch / "audit.sqlite";
  config.gateway.scanner.detect_names = detect_names;
  hearth::server::ApiServer server(config);
  server.start();
  const std::string hearth_url =
      fmt::format("http://127.0.0.1:{}/v1/chat/completions", server.port());

  Pipeline pipeline(detect_names, scratch / "pipeline.sqlite");
  Client direct_client;
  Client gateway_client;
  // Request i's prompt; the direct and the gateway request of a pair and the
  // in-process steps after them share it.
  const auto one_request = [&](std::size_t i, std::vector<double>* direct,
                               std::vector<double>* through) {
    const std::string prompt = prompt_of(prompt_bytes, i);
    const double direct_seconds =
        direct_client.post(provider_url + "/chat/completions", chat_body("fake", prompt).dump());
    const double through_seconds =
        gateway_client.post(hearth_url, chat_body("remote:fake", prompt).dump());
    pipeline.run({kSystemMessage, prompt});
    if (pipeline.restored() != std::string(kSystemMessage) + prompt) {
      throw std::runtime_error("restoration did not give the prompt back");
    }
    if (direct != nullptr) direct->push_back(direct_seconds);
    if (through != nullptr) through->push_back(through_seconds);
  };
  // Warm up both paths (connections, caches, the scanner).
  for (std::size_t i = 0; i < 50; ++i) one_request(requests + i, nullptr, nullptr);
  pipeline.forget_timings();
  std::vector<double> direct;
  std::vector<double> through;
  // Interleaved, so all three see the same machine state (and the in-process
  // steps find the caches as a server does: after other work).
  for (std::size_t i = 0; i < requests; ++i) one_request(i, &direct, &through);
  server.stop(std::chrono::milliseconds(0));
  provider.stop(std::chrono::milliseconds(0));

  fmt::print(
      "hearth_bench_gateway: {} requests each way, a {}-byte prompt, instant loopback "
      "provider, privacy scan {}\n\n",
      requests, prompt_bytes, detect_names ? "with names" : "without names");
  fmt::print("| path | p50 ms | p99 ms |\n| --- | --- | --- |\n");
  print_row("client → provider (baseline)", direct);
  print_row("client → hearth → provider", through);
  fmt::print("| **end to end, hearth's extra** (difference) | {:.3f} | {:.3f} |\n\n",
             (percentile(through, 0.5) - percentile(direct, 0.5)) * 1e3,
             (percentile(through, 0.99) - percentile(direct, 0.99)) * 1e3);
  fmt::print("| the gateway's steps, in process | p50 ms | p99 ms |\n| --- | --- | --- |\n");
  print_row("privacy scan (every message) and topics", pipeline.scan);
  print_row("route", pipeline.route);
  print_row("pseudonymize", pipeline.pseudonymize);
  print_row("audit (the egress committed, the outcome queued)", pipeline.audit);
  print_row("restore", pipeline.restore);
  print_row("**all five, per request**", pipeline.total);
  std::filesystem::remove_all(scratch);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t requests = 2000;
  std::size_t prompt_bytes = 2048;
  bool detect_names = true;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--no-names") {
      detect_names = false;
    } else if (flag == "--requests" && i + 1 < argc) {
      requests = std::strtoull(argv[++i], nullptr, 10);
    } else if (flag == "--prompt-bytes" && i + 1 < argc) {
      prompt_bytes = std::strtoull(argv[++i], nullptr, 10);
    } else {
      fmt::print(stderr,
                 "usage: hearth_bench_gateway [--requests N] [--prompt-bytes N] [--no-names]\n");
      return 2;
    }
  }
  if (requests == 0 || prompt_bytes == 0) return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    return run(requests, prompt_bytes, detect_names);
  } catch (const std::exception& error) {
    fmt::print(stderr, "hearth_bench_gateway: {}\n", error.what());
    return 1;
  }
}
