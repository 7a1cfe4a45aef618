// hearth_bench_gateway: what the gateway itself adds to a remote request —
// scan, route, pseudonymize, audit, restore, and its HTTP hops.
//
//   hearth_bench_gateway [--requests 2000] [--prompt-bytes 2048] [--no-names]
//
// --no-names runs the privacy scan without the name tagger ([privacy]
// detect_names = false): structured identifiers and secrets only.
// A loopback stand-in provider answers every chat request at once, echoing
// the (pseudonymized) last user message, so the restore step has real work.
// The same 2 KB prompt, full of names, addresses and numbers, is sent
//   1. straight to the stand-in (the baseline: client, HTTP, provider), and
//   2. through hearth (`"model": "remote:fake"`, audit log on),
// one request at a time on a keep-alive connection, alternating, so both
// see the same machine state. The overhead is the difference of the latency
// percentiles. Then each step alone, in process: the privacy scan of the
// prompt, pseudonymization, the audit log's two writes, restoration.
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
#include "hearth/privacy/pseudonymize.h"
#include "hearth/privacy/scanner.h"
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

// A paragraph of the kind people send: names, contacts, numbers, prose.
std::string prompt_of(std::size_t bytes) {
  static const char* kParagraph =
      "Hi team, following up on the call with Maria Garcia from Northwind Traders on "
      "Tuesday. She asked us to send the revised contract to maria.garcia@northwind.example "
      "and to call her back on +1 415-555-0132 before Friday. The billing contact is John "
      "Smith (john.smith@contoso.example), and the office is at 42 Elm Street, Springfield. "
      "Please summarize the open questions about delivery dates, pricing tiers and the "
      "support plan, and draft a short, friendly reply that confirms the next steps. ";
  std::string text;
  while (text.size() < bytes) text += kParagraph;
  text.resize(bytes);
  return text;
}

Json chat_body(const std::string& model, const std::string& prompt) {
  return {{"model", model},
          {"messages", Json::array({{{"role", "system"}, {"content", "You are concise."}},
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

std::vector<double> time_each(std::size_t repetitions, const std::function<void()>& step) {
  std::vector<double> seconds;
  for (std::size_t i = 0; i < repetitions; ++i) {
    const Clock::time_point start = Clock::now();
    step();
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  return seconds;
}

void print_row(std::string_view name, const std::vector<double>& seconds) {
  fmt::print("| {} | {:.3f} | {:.3f} |\n", name, percentile(seconds, 0.5) * 1e3,
             percentile(seconds, 0.99) * 1e3);
}

int run(std::size_t requests, std::size_t prompt_bytes, bool detect_names) {
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / fmt::format("hearth-gateway-bench-{}", getpid());
  std::filesystem::create_directories(scratch);
  const std::string prompt = prompt_of(prompt_bytes);

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

  const std::string direct_body = chat_body("fake", prompt).dump();
  const std::string gateway_body = chat_body("remote:fake", prompt).dump();
  Client direct_client;
  Client gateway_client;
  for (int i = 0; i < 50; ++i) {  // warm up both paths (connections, caches, the scanner)
    direct_client.post(provider_url + "/chat/completions", direct_body);
    gateway_client.post(hearth_url, gateway_body);
  }
  std::vector<double> direct;
  std::vector<double> through;
  for (std::size_t i = 0; i < requests; ++i) {
    direct.push_back(direct_client.post(provider_url + "/chat/completions", direct_body));
    through.push_back(gateway_client.post(hearth_url, gateway_body));
  }
  server.stop(std::chrono::milliseconds(0));
  provider.stop(std::chrono::milliseconds(0));

  fmt::print(
      "hearth_bench_gateway: {} requests each way, a {}-byte prompt, instant loopback "
      "provider\n\n",
      requests, prompt.size());
  fmt::print("| path | p50 ms | p99 ms |\n| --- | --- | --- |\n");
  print_row("client → provider (baseline)", direct);
  print_row("client → hearth → provider", through);
  fmt::print("| **gateway overhead** (difference) | {:.3f} | {:.3f} |\n\n",
             (percentile(through, 0.5) - percentile(direct, 0.5)) * 1e3,
             (percentile(through, 0.99) - percentile(direct, 0.99)) * 1e3);

  // Each step alone.
  hearth::privacy::ScannerOptions scanner_options;
  scanner_options.detect_names = detect_names;
  const hearth::privacy::Scanner scanner(scanner_options);
  std::vector<hearth::privacy::Finding> findings;
  const std::vector<double> scan = time_each(requests, [&] { findings = scanner.scan(prompt); });
  const hearth::privacy::Policy policy;
  std::string pseudonymized;
  hearth::privacy::Vault vault;
  const std::vector<double> pseudonymize = time_each(requests, [&] {
    hearth::privacy::Vault fresh;
    pseudonymized = hearth::privacy::pseudonymize(prompt, findings, policy, fresh).text;
    vault = std::move(fresh);
  });
  hearth::store::AuditLog audit(scratch / "steps.sqlite");
  hearth::store::EgressRecord record;
  record.key_id = "bench";
  record.provider = "fake";
  record.model = "fake";
  record.route_reason = "explicit: the request names provider `fake`";
  record.payload = pseudonymized;
  record.entity_counts = {{"EMAIL", 2}, {"PERSON", 2}};
  hearth::store::EgressOutcome outcome;
  outcome.outcome = "ok";
  const std::vector<double> audit_writes =
      time_each(requests, [&] { audit.finish_egress(audit.begin_egress(record), outcome); });
  std::string restored;
  const std::vector<double> restore =
      time_each(requests, [&] { restored = hearth::privacy::restore(pseudonymized, vault); });
  if (restored != prompt) {
    fmt::print(stderr, "hearth_bench_gateway: restoration did not give the prompt back\n");
    return 1;
  }
  fmt::print("| step (in process) | p50 ms | p99 ms |\n| --- | --- | --- |\n");
  print_row(fmt::format("privacy scan ({} findings)", findings.size()), scan);
  print_row("pseudonymize", pseudonymize);
  print_row("audit: begin + finish (two commits)", audit_writes);
  print_row("restore", restore);
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
