// hearth_bench_server: the OpenAI-compatible server under concurrent load.
//
//   hearth_bench_server MODEL.gguf [--streams 1,4,16] [--tokens 64] [--repetitions 3]
//                       [--threads N] [--no-batch-invariance]
//
// Starts the real server in this process on a loopback port and, for each
// stream count, sends that many streaming chat requests at once (libcurl,
// one thread per client), each asking for exactly --tokens tokens. Reports,
// as medians over the repetitions: aggregate generated tokens per second
// (all tokens / wall time of the batch) and the time to first token (median
// and slowest of the batch, measured at the client). Then the HTTP layer's
// own cost: the latency of GET /v1/models (no model work), and of one-token
// completions minus the model time the server reports for them.
#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "hearth/server/api_server.h"
#include "hearth/util/error.h"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

struct StreamResult {
  double first_token_seconds = 0.0;
  std::size_t tokens = 0;
  bool ok = false;
};

struct Transfer {
  Clock::time_point start;
  StreamResult result;
  std::string buffer;
};

std::size_t on_stream_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  transfer->buffer.append(data, size * count);
  std::size_t end;
  while ((end = transfer->buffer.find("\n\n")) != std::string::npos) {
    const std::string event = transfer->buffer.substr(0, end);
    transfer->buffer.erase(0, end + 2);
    if (!event.starts_with("data: ") || event == "data: [DONE]") continue;
    const Json chunk = Json::parse(event.substr(6), nullptr, false);
    if (chunk.is_discarded()) continue;
    if (chunk.contains("usage") && chunk["usage"].is_object()) {
      transfer->result.tokens = chunk["usage"]["completion_tokens"].get<std::size_t>();
      transfer->result.ok = true;
    }
    for (const Json& choice : chunk.value("choices", Json::array())) {
      const Json& delta = choice["delta"];
      if (transfer->result.first_token_seconds == 0.0 && delta.contains("content") &&
          !delta["content"].get<std::string>().empty()) {
        transfer->result.first_token_seconds =
            std::chrono::duration<double>(Clock::now() - transfer->start).count();
      }
    }
  }
  return size * count;
}

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

StreamResult stream_chat(const std::string& url, const std::string& body) {
  Transfer transfer;
  CURL* curl = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_stream_data);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  transfer.start = Clock::now();
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) transfer.result.ok = false;
  return transfer.result;
}

struct Options {
  std::string model;
  std::vector<int> streams = {1, 4, 16};
  int tokens = 64;
  int repetitions = 3;
  unsigned threads = 0;
  bool batch_invariant = true;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error("missing value after " + arg);
      return argv[++i];
    };
    if (arg == "--streams") {
      options.streams.clear();
      std::string list = value();
      std::size_t start = 0;
      while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        options.streams.push_back(std::stoi(list.substr(start, comma - start)));
        start = comma + 1;
      }
    } else if (arg == "--tokens") {
      options.tokens = std::stoi(value());
    } else if (arg == "--repetitions") {
      options.repetitions = std::stoi(value());
    } else if (arg == "--threads") {
      options.threads = static_cast<unsigned>(std::stoi(value()));
    } else if (arg == "--no-batch-invariance") {
      options.batch_invariant = false;
    } else if (options.model.empty() && !arg.starts_with("-")) {
      options.model = arg;
    } else {
      throw std::runtime_error("unknown argument " + arg);
    }
  }
  if (options.model.empty()) throw std::runtime_error("usage: hearth_bench_server MODEL.gguf");
  return options;
}

int run(const Options& options) {
  hearth::server::ServerConfig config;
  config.http.port = 0;
  hearth::server::ModelConfig model;
  model.id = "bench";
  model.path = options.model;
  model.scheduler.slots =
      static_cast<std::uint32_t>(*std::max_element(options.streams.begin(), options.streams.end()));
  model.scheduler.context_length = 1024;
  model.scheduler.threads = options.threads;
  model.scheduler.batch_invariant = options.batch_invariant;
  config.models.push_back(model);
  config.idle_unload = std::chrono::milliseconds(0);
  hearth::server::ApiServer server(config);
  server.start();
  const std::string base = fmt::format("http://127.0.0.1:{}", server.port());

  const auto chat_body = [&](int i, int tokens, bool stream) {
    Json body = {
        {"model", "bench"},
        {"messages", Json::array({{{"role", "system"}, {"content", "You are a helpful assistant."}},
                                  {{"role", "user"},
                                   {"content", fmt::format("Request {}: write a short story about "
                                                           "a lighthouse keeper.",
                                                           i)}}})},
        {"max_tokens", tokens},
        {"temperature", 0.7},
        {"seed", i}};
    if (stream) {
      body["stream"] = true;
      body["stream_options"] = {{"include_usage", true}};
    }
    // The random-weight model may sample an end token early; the benchmark
    // wants exactly `tokens` from every stream.
    body["ignore_eos"] = true;
    return body.dump();
  };
  // Warm up: load the model, touch the weights.
  stream_chat(base + "/v1/chat/completions", chat_body(0, 8, true));

  fmt::print("model: {}\nbatch invariance: {}\ntokens per stream: {}, repetitions: {}\n\n",
             options.model, options.batch_invariant ? "on" : "off", options.tokens,
             options.repetitions);
  fmt::print("| streams | aggregate t/s | per-stream t/s | TTFT median ms | TTFT slowest ms |\n");
  fmt::print("| ------: | ------------: | -------------: | -------------: | --------------: |\n");
  int request_index = 1;
  for (const int streams : options.streams) {
    std::vector<double> rates, ttft_medians, ttft_maxima;
    for (int repetition = 0; repetition < options.repetitions; ++repetition) {
      std::vector<StreamResult> results(static_cast<std::size_t>(streams));
      std::vector<std::thread> clients;
      const Clock::time_point start = Clock::now();
      for (int s = 0; s < streams; ++s) {
        const std::string body = chat_body(request_index++, options.tokens, true);
        clients.emplace_back([&, s, body] {
          results[static_cast<std::size_t>(s)] = stream_chat(base + "/v1/chat/completions", body);
        });
      }
      for (std::thread& client : clients) client.join();
      const double wall = std::chrono::duration<double>(Clock::now() - start).count();
      std::size_t tokens = 0;
      std::vector<double> ttft;
      for (const StreamResult& result : results) {
        if (!result.ok) throw std::runtime_error("a stream failed");
        tokens += result.tokens;
        ttft.push_back(result.first_token_seconds);
      }
      rates.push_back(static_cast<double>(tokens) / wall);
      ttft_medians.push_back(median(ttft));
      ttft_maxima.push_back(*std::max_element(ttft.begin(), ttft.end()));
    }
    const double rate = median(rates);
    fmt::print("| {:7} | {:13.1f} | {:14.1f} | {:14.1f} | {:15.1f} |\n", streams, rate,
               rate / streams, median(ttft_medians) * 1000.0, median(ttft_maxima) * 1000.0);
  }

  // The HTTP layer alone: keep-alive requests on one connection.
  CURL* curl = curl_easy_init();
  std::string body;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  constexpr int kRequests = 300;
  std::vector<double> models_latency, overhead, model_time;
  for (int i = 0; i < kRequests; ++i) {
    body.clear();
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_URL, (base + "/v1/models").c_str());
    Clock::time_point start = Clock::now();
    curl_easy_perform(curl);
    models_latency.push_back(std::chrono::duration<double>(Clock::now() - start).count());

    body.clear();
    const std::string request =
        Json{{"model", "bench"}, {"prompt", "Hello"}, {"max_tokens", 1}, {"temperature", 0}}.dump();
    curl_easy_setopt(curl, CURLOPT_URL, (base + "/v1/completions").c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.c_str());
    start = Clock::now();
    curl_easy_perform(curl);
    const double total = std::chrono::duration<double>(Clock::now() - start).count();
    const Json reply = Json::parse(body, nullptr, false);
    if (reply.is_discarded() || !reply.contains("timings")) throw std::runtime_error(body);
    // From submission to the scheduler until the token was sampled.
    const double model_seconds = reply["timings"]["ttft_ms"].get<double>() / 1000.0;
    model_time.push_back(model_seconds);
    overhead.push_back(total - model_seconds);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  fmt::print("\nHTTP layer, {} requests each on one keep-alive connection (medians):\n", kRequests);
  fmt::print("  GET /v1/models round trip:                         {:.1f} us\n",
             median(models_latency) * 1e6);
  fmt::print(
      "  POST /v1/completions (1 token) minus model time:   {:.1f} us (model time {:.2f} ms)\n",
      median(overhead) * 1e6, median(model_time) * 1e3);
  server.stop(std::chrono::milliseconds(0));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& error) {
    fmt::print(stderr, "hearth_bench_server: {}\n", error.what());
    return 1;
  }
}
