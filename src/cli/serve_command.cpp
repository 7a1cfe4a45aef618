// `hearth serve -m MODEL [-m ID=MODEL ...]` or `hearth serve --config
// hearth.toml`: the OpenAI-compatible server, until SIGINT or SIGTERM, which
// shut it down cleanly (running requests get --grace seconds to finish, then
// are cancelled); a second signal during the shutdown ends the process at
// once. SIGHUP reloads the configuration file without dropping requests.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "byte_size.h"
#include "hearth/config/hearth_config.h"
#include "hearth/hub/model_reference.h"
#include "hearth/server/api_server.h"
#include "hearth/tensor/type.h"
#include "hearth/util/error.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct ServeOptions {
  std::optional<std::string> config_file;
  std::vector<std::string> models;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::vector<std::string> api_keys;
  std::optional<std::string> api_key_file;
  std::uint32_t slots = 4;
  std::uint32_t context_length = 0;
  int threads = 0;
  std::uint32_t batch_size = 512;
  std::size_t max_waiting = 64;
  std::string max_body = "8MiB";
  std::uint32_t max_tokens = 4096;
  double timeout_seconds = 600;
  double idle_unload_seconds = 300;
  std::optional<std::string> memory_budget;
  std::string kv_cache_type = "f16";
  bool no_batch_invariance = false;
  std::size_t max_connections = 256;
  double grace_seconds = 10;
};

// "ID=MODEL" or "MODEL" (the id is then the file name without .gguf).
server::ModelConfig model_config(const std::string& argument, const ServeOptions& options) {
  server::ModelConfig config;
  std::string reference = argument;
  if (const std::size_t equals = argument.find('='); equals != std::string::npos) {
    config.id = argument.substr(0, equals);
    reference = argument.substr(equals + 1);
  }
  config.path = hub::resolve_model_reference(reference);
  if (config.id.empty()) {
    config.id = config.path.filename().string();
    if (config.id.ends_with(".gguf")) config.id.resize(config.id.size() - 5);
  }
  engine::SchedulerOptions& scheduler = config.scheduler;
  scheduler.slots = options.slots;
  scheduler.context_length = options.context_length;
  scheduler.threads = static_cast<unsigned>(options.threads);
  scheduler.batch_size = options.batch_size;
  scheduler.max_waiting = options.max_waiting;
  scheduler.kv_cache_type =
      options.kv_cache_type == "q8_0" ? tensor::TensorType::q8_0 : tensor::TensorType::f16;
  scheduler.batch_invariant = !options.no_batch_invariance;
  return config;
}

std::vector<std::string> read_key_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) raise(ErrorKind::not_found, "cannot open the API key file {}", path);
  std::vector<std::string> keys;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    const std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    keys.push_back(line.substr(start));
  }
  if (keys.empty()) raise(ErrorKind::invalid_argument, "the API key file {} has no key", path);
  return keys;
}

std::chrono::milliseconds milliseconds(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

server::ServerConfig config_from_flags(const ServeOptions& options) {
  server::ServerConfig config;
  config.http.host = options.host;
  config.http.port = options.port;
  config.http.max_body_bytes = *parse_byte_size(options.max_body);
  config.http.max_connections = options.max_connections;
  for (const std::string& model : options.models) {
    config.models.push_back(model_config(model, options));
  }
  std::vector<std::string> secrets = options.api_keys;
  if (options.api_key_file) {
    for (std::string& key : read_key_file(*options.api_key_file)) secrets.push_back(std::move(key));
  }
  for (std::string& secret : secrets) {
    server::ApiKey key;
    key.id = fmt::format("key-{}", config.api_keys.size() + 1);
    key.secret = std::move(secret);
    config.api_keys.push_back(std::move(key));
  }
  config.max_tokens = options.max_tokens;
  config.request_timeout = milliseconds(options.timeout_seconds);
  config.idle_unload = milliseconds(options.idle_unload_seconds);
  if (options.memory_budget) config.memory_budget = parse_byte_size(*options.memory_budget);
  return config;
}

// Re-reads the configuration file into the running server (SIGHUP).
void reload(server::ApiServer& server, const std::string& path) {
  try {
    const std::vector<std::string> ignored = server.reload(config::load_config(path));
    fmt::print(stderr, "hearth: reloaded {}\n", path);
    for (const std::string& setting : ignored) {
      fmt::print(stderr, "hearth: warning: changing {} takes a restart; kept the running value\n",
                 setting);
    }
  } catch (const Error& error) {
    fmt::print(stderr, "hearth: reload failed, kept the running configuration: {}\n",
               error.message());
  }
  std::fflush(stderr);
}

int serve(const ServeOptions& options) {
  server::ServerConfig config =
      options.config_file ? config::load_config(*options.config_file) : config_from_flags(options);

  // Every thread the server starts inherits this mask; the signals are
  // taken here, with sigwait, not by a handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  server::ApiServer server(std::move(config));
  server.start();
  const std::string& host = server.config().http.host;
  std::string ids;
  for (const server::ModelConfig& model : server.config().models) {
    ids += (ids.empty() ? "" : ", ") + model.id;
  }
  fmt::print(stderr, "hearth: serving {} on http://{}:{}/v1 (Ctrl-C to stop)\n", ids,
             host.find(':') != std::string::npos ? "[" + host + "]" : host, server.port());
  std::fflush(stderr);

  int signal_number = 0;
  for (;;) {
    sigwait(&signals, &signal_number);
    if (signal_number != SIGHUP) break;
    if (options.config_file) {
      reload(server, *options.config_file);
    } else {
      fmt::print(stderr, "hearth: SIGHUP ignored: no --config file to reload\n");
    }
  }
  sigdelset(&signals, SIGHUP);
  fmt::print(stderr, "hearth: {} received, finishing running requests (up to {} s)\n",
             signal_number == SIGINT ? "SIGINT" : "SIGTERM", options.grace_seconds);
  std::fflush(stderr);
  std::thread second_signal([&signals] {
    int again = 0;
    sigwait(&signals, &again);
    std::fprintf(stderr, "hearth: second signal, exiting now\n");
    _exit(kExitInterrupted);
  });
  second_signal.detach();
  server.stop(milliseconds(options.grace_seconds));
  fmt::print(stderr, "hearth: stopped\n");
  return kExitOk;
}

}  // namespace

Subcommand add_serve_command(CLI::App& parent) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* app = parent.add_subcommand(
      "serve", "Serve models over an OpenAI-compatible HTTP API (chat, completions, embeddings)");
  CLI::Option* config_option = app->add_option(
      "-c,--config", options->config_file,
      "A hearth.toml with models, keys, remote providers, routes and policies (docs/config.md); "
      "SIGHUP reloads it");
  CLI::Option* model_option =
      app->add_option("-m,--model", options->models,
                      "A model to serve: a GGUF path or a pulled model's name, optionally as "
                      "ID=MODEL to choose the id clients use (repeat for several)");
  model_option->excludes(config_option);
  app->add_option("--host", options->host, "Address to bind (127.0.0.1: this machine only)")
      ->capture_default_str();
  app->add_option("--port", options->port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  app->add_option("--api-key", options->api_keys,
                  "Require this bearer key (repeat for several); /health stays open");
  app->add_option("--api-key-file", options->api_key_file,
                  "Require one of the keys in this file (one per line, # comments)");
  app->add_option("--slots", options->slots, "Requests each model generates at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app->add_option("--ctx", options->context_length,
                  "Context per slot in tokens (0: the model's, at most 4096)")
      ->capture_default_str();
  app->add_option("-t,--threads", options->threads, "Threads per model (0: one per core)")
      ->check(CLI::Range(0, 1024));
  app->add_option("--batch", options->batch_size, "Prompt tokens per forward pass")
      ->check(CLI::Range(4, 65536))
      ->capture_default_str();
  app->add_option("--max-waiting", options->max_waiting,
                  "Requests that may queue per model before the server answers 429")
      ->capture_default_str();
  app->add_option("--max-body", options->max_body, "Largest request body (413 above)")
      ->check([](const std::string& text) {
        return parse_byte_size(text) ? std::string() : "not a size: " + text;
      })
      ->capture_default_str();
  app->add_option("--max-tokens", options->max_tokens,
                  "Most completion tokens a request may ask for (and its default)")
      ->check(CLI::Range(1u, 1u << 20))
      ->capture_default_str();
  app->add_option("--timeout", options->timeout_seconds, "Seconds a request may run")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app->add_option("--idle-unload", options->idle_unload_seconds,
                  "Unload a model unused for this many seconds (0: never)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option("--mem-budget", options->memory_budget,
                  "Memory for all loaded models together (e.g. 6GiB); idle models are unloaded "
                  "to make room")
      ->check([](const std::string& text) {
        return parse_byte_size(text) ? std::string() : "not a size: " + text;
      });
  app->add_option("--kv-type", options->kv_cache_type, "KV cache type")
      ->check(CLI::IsMember({"f16", "q8_0"}))
      ->capture_default_str();
  app->add_flag("--no-batch-invariance", options->no_batch_invariance,
                "Faster with many streams, but a request's tokens may then depend on what "
                "else runs beside it");
  app->add_option("--max-connections", options->max_connections,
                  "Open connections at most (503 beyond)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app->add_option("--grace", options->grace_seconds,
                  "Seconds running requests get to finish on SIGINT/SIGTERM")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  // Without a configuration file the flags say everything, and a model is
  // required; with one, the file does (flags would silently disagree with it).
  for (CLI::Option* option : app->get_options()) {
    if (option == config_option || option == model_option || option->get_name() == "--help" ||
        option->get_name() == "--grace") {
      continue;
    }
    option->excludes(config_option);
  }
  app->callback([config_option, model_option] {
    if (config_option->count() == 0 && model_option->count() == 0) {
      throw CLI::RequiredError("--model (or --config)");
    }
  });
  return {app, [options] { return serve(*options); }};
}

}  // namespace hearth::cli
