#include "fake_provider.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

namespace hearth::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kDefaultReply = "Hello from the fake provider.";

struct Reply {
  std::string text;
  std::string model;
  std::string finish_reason;
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
  std::vector<std::string> pieces;  // the text as streamed
};

// Waits in small steps; false when the client left or the fake is stopping
// (then nobody is listening for the answer).
bool wait(http::Exchange& exchange, std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    if (exchange.client_gone() || exchange.server_stopping()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return !exchange.client_gone();
}

// "Hello there world" → "Hello ", "there ", "world".
std::vector<std::string> split_after_spaces(const std::string& text) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    end = end == std::string::npos ? text.size() : end + 1;
    pieces.push_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_json(FakeFlavor flavor, int status, std::string_view message) {
  const std::string type = status == 401   ? "authentication_error"
                           : status == 429 ? "rate_limit_error"
                           : status >= 500 ? "api_error"
                                           : "invalid_request_error";
  if (flavor == FakeFlavor::anthropic) {
    return dump({{"type", "error"}, {"error", {{"type", type}, {"message", message}}}});
  }
  return dump({{"error", {{"message", message}, {"type", type}, {"code", nullptr}}}});
}

void respond_error(http::Exchange& exchange, FakeFlavor flavor, int status,
                   std::string_view message) {
  exchange.respond(
      {status, {{"Content-Type", "application/json"}}, error_json(flavor, status, message)});
}

std::string anthropic_stop_reason(const std::string& finish_reason) {
  if (finish_reason == "stop") return "end_turn";
  if (finish_reason == "length") return "max_tokens";
  return finish_reason;
}

std::uint64_t estimate_input_tokens(const json& body) {
  std::size_t bytes = 0;
  if (body.contains("system") && body["system"].is_string()) {
    bytes += body["system"].get_ref<const std::string&>().size();
  }
  if (body.contains("messages") && body["messages"].is_array()) {
    for (const json& message : body["messages"]) {
      if (message.is_object() && message.contains("content") && message["content"].is_string()) {
        bytes += message["content"].get_ref<const std::string&>().size();
      }
    }
  }
  return std::max<std::uint64_t>(1, bytes / 4);
}

json openai_completion(const Reply& reply) {
  return {{"id", "chatcmpl-fake"},
          {"object", "chat.completion"},
          {"created", 0},
          {"model", reply.model},
          {"choices",
           {{{"index", 0},
             {"message", {{"role", "assistant"}, {"content", reply.text}}},
             {"finish_reason", reply.finish_reason}}}},
          {"usage",
           {{"prompt_tokens", reply.input_tokens},
            {"completion_tokens", reply.output_tokens},
            {"total_tokens", reply.input_tokens + reply.output_tokens}}}};
}

json anthropic_message(const Reply& reply) {
  return {
      {"id", "msg_fake"},
      {"type", "message"},
      {"role", "assistant"},
      {"model", reply.model},
      {"content", {{{"type", "text"}, {"text", reply.text}}}},
      {"stop_reason", anthropic_stop_reason(reply.finish_reason)},
      {"stop_sequence", nullptr},
      {"usage", {{"input_tokens", reply.input_tokens}, {"output_tokens", reply.output_tokens}}}};
}

// The events of a streamed reply: those before the text, one per piece of
// text, and those after.
struct StreamFrames {
  std::vector<std::string> before;
  std::vector<std::string> deltas;
  std::vector<std::string> after;
  std::string error;  // an error event
};

std::string openai_chunk(const Reply& reply, json choices, const json& usage = nullptr) {
  json chunk = {{"id", "chatcmpl-fake"},
                {"object", "chat.completion.chunk"},
                {"created", 0},
                {"model", reply.model},
                {"choices", std::move(choices)}};
  if (!usage.is_null()) chunk["usage"] = usage;
  return "data: " + dump(chunk) + "\n\n";
}

StreamFrames openai_frames(const Reply& reply, bool include_usage, std::string_view error) {
  StreamFrames frames;
  frames.before.push_back(openai_chunk(reply, {{{"index", 0},
                                                {"delta", {{"role", "assistant"}, {"content", ""}}},
                                                {"finish_reason", nullptr}}}));
  for (const std::string& piece : reply.pieces) {
    frames.deltas.push_back(openai_chunk(
        reply, {{{"index", 0}, {"delta", {{"content", piece}}}, {"finish_reason", nullptr}}}));
  }
  frames.after.push_back(openai_chunk(
      reply, {{{"index", 0}, {"delta", json::object()}, {"finish_reason", reply.finish_reason}}}));
  if (include_usage) {
    frames.after.push_back(
        openai_chunk(reply, json::array(),
                     {{"prompt_tokens", reply.input_tokens},
                      {"completion_tokens", reply.output_tokens},
                      {"total_tokens", reply.input_tokens + reply.output_tokens}}));
  }
  frames.after.push_back("data: [DONE]\n\n");
  frames.error = "data: " + error_json(FakeFlavor::openai, 500, error) + "\n\n";
  return frames;
}

std::string anthropic_event(std::string_view name, const json& data) {
  return fmt::format("event: {}\ndata: {}\n\n", name, dump(data));
}

StreamFrames anthropic_frames(const Reply& reply, std::string_view error) {
  StreamFrames frames;
  json start = anthropic_message(reply);
  start["content"] = json::array();
  start["stop_reason"] = nullptr;
  start["usage"] = {{"input_tokens", reply.input_tokens}, {"output_tokens", 1}};
  frames.before.push_back(
      anthropic_event("message_start", {{"type", "message_start"}, {"message", start}}));
  frames.before.push_back(anthropic_event("content_block_start",
                                          {{"type", "content_block_start"},
                                           {"index", 0},
                                           {"content_block", {{"type", "text"}, {"text", ""}}}}));
  frames.before.push_back(anthropic_event("ping", {{"type", "ping"}}));
  for (const std::string& piece : reply.pieces) {
    frames.deltas.push_back(anthropic_event(
        "content_block_delta", {{"type", "content_block_delta"},
                                {"index", 0},
                                {"delta", {{"type", "text_delta"}, {"text", piece}}}}));
  }
  frames.after.push_back(
      anthropic_event("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}}));
  frames.after.push_back(anthropic_event(
      "message_delta",
      {{"type", "message_delta"},
       {"delta",
        {{"stop_reason", anthropic_stop_reason(reply.finish_reason)}, {"stop_sequence", nullptr}}},
       {"usage", {{"output_tokens", reply.output_tokens}}}}));
  frames.after.push_back(anthropic_event("message_stop", {{"type", "message_stop"}}));
  frames.error = "event: error\ndata: " + error_json(FakeFlavor::anthropic, 529, error) + "\n\n";
  return frames;
}

// Sends a streamed reply, applying a mid-stream fault if one is given.
void stream_reply(http::Exchange& exchange, const StreamFrames& frames,
                  const std::optional<FakeFault>& fault) {
  if (!exchange.start_stream(
          200, {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}})) {
    return;
  }
  for (const std::string& frame : frames.before) {
    if (!exchange.write(frame)) return;
  }
  for (std::size_t i = 0; i < frames.deltas.size(); ++i) {
    if (fault && i == fault->deltas) {
      switch (fault->kind) {
        case FakeFault::Kind::reset_mid_stream:
          // An exception after start_stream makes the server cut the
          // connection instead of ending the body.
          throw std::runtime_error("connection reset on purpose");
        case FakeFault::Kind::stall_mid_stream:
          if (!wait(exchange, fault->duration)) return;
          break;
        case FakeFault::Kind::error_event:
          exchange.write(frames.error);
          exchange.finish();
          return;
        default:
          break;
      }
    }
    if (!exchange.write(frames.deltas[i])) return;
  }
  // A fault placed after the last delta still happens.
  if (fault && fault->deltas >= frames.deltas.size()) {
    if (fault->kind == FakeFault::Kind::reset_mid_stream) {
      throw std::runtime_error("connection reset on purpose");
    }
    if (fault->kind == FakeFault::Kind::stall_mid_stream && !wait(exchange, fault->duration)) {
      return;
    }
    if (fault->kind == FakeFault::Kind::error_event) {
      exchange.write(frames.error);
      exchange.finish();
      return;
    }
  }
  for (const std::string& frame : frames.after) {
    if (!exchange.write(frame)) return;
  }
  exchange.finish();
}

}  // namespace

nlohmann::json ProviderRequest::json() const {
  return nlohmann::json::parse(body, nullptr, false);
}

FakeFault FakeFault::delay(std::chrono::milliseconds duration) {
  FakeFault fault;
  fault.kind = Kind::delay;
  fault.duration = duration;
  return fault;
}

FakeFault FakeFault::http_status(int status, std::string message,
                                 std::optional<std::string> retry_after) {
  FakeFault fault;
  fault.kind = Kind::status;
  fault.status = status;
  fault.message = std::move(message);
  fault.retry_after = std::move(retry_after);
  return fault;
}

FakeFault FakeFault::malformed() {
  FakeFault fault;
  fault.kind = Kind::malformed;
  return fault;
}

FakeFault FakeFault::reset_mid_stream(std::size_t deltas) {
  FakeFault fault;
  fault.kind = Kind::reset_mid_stream;
  fault.deltas = deltas;
  return fault;
}

FakeFault FakeFault::stall_mid_stream(std::chrono::milliseconds duration, std::size_t deltas) {
  FakeFault fault;
  fault.kind = Kind::stall_mid_stream;
  fault.duration = duration;
  fault.deltas = deltas;
  return fault;
}

FakeFault FakeFault::error_event(std::string message, std::size_t deltas) {
  FakeFault fault;
  fault.kind = Kind::error_event;
  fault.message = std::move(message);
  fault.deltas = deltas;
  return fault;
}

std::string last_user_message(const json& body) {
  if (!body.is_object() || !body.contains("messages") || !body["messages"].is_array()) return {};
  for (auto message = body["messages"].rbegin(); message != body["messages"].rend(); ++message) {
    if (!message->is_object() || message->value("role", json()) != "user") continue;
    const json& content = (*message)["content"];
    if (content.is_string()) return content.get<std::string>();
    std::string text;
    if (content.is_array()) {
      for (const json& block : content) {
        if (block.is_object() && block.contains("text") && block["text"].is_string()) {
          text += block["text"].get_ref<const std::string&>();
        }
      }
    }
    return text;
  }
  return {};
}

struct FakeProvider::State {
  mutable std::mutex mutex;
  std::vector<ProviderRequest> requests;
  std::deque<FakeFault> faults;
  std::string reply{kDefaultReply};
  FakeResponder responder;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> usage;
  std::string finish_reason = "stop";
  std::string model;
  std::string api_key;
  std::chrono::milliseconds latency{0};
  std::once_flag stopped;
};

FakeProvider::FakeProvider(FakeFlavor flavor) : flavor_(flavor), state_(std::make_unique<State>()) {
  server_ = std::make_unique<http::Server>(
      http::ServerOptions{}, [this](const http::Request& request, http::Exchange& exchange) {
        handle(request, exchange);
      });
  port_ = server_->port();
  server_->start();
}

FakeProvider::~FakeProvider() {
  stop();
}

std::string FakeProvider::base_url() const {
  return fmt::format("http://127.0.0.1:{}/v1", port_);
}

void FakeProvider::set_reply(std::string text) {
  const std::lock_guard lock(state_->mutex);
  state_->reply = std::move(text);
  state_->responder = nullptr;
}

void FakeProvider::set_responder(FakeResponder responder) {
  const std::lock_guard lock(state_->mutex);
  state_->responder = std::move(responder);
}

void FakeProvider::set_usage(std::uint64_t input_tokens, std::uint64_t output_tokens) {
  const std::lock_guard lock(state_->mutex);
  state_->usage = std::make_pair(input_tokens, output_tokens);
}

void FakeProvider::set_finish_reason(std::string reason) {
  const std::lock_guard lock(state_->mutex);
  state_->finish_reason = std::move(reason);
}

void FakeProvider::set_model(std::string model) {
  const std::lock_guard lock(state_->mutex);
  state_->model = std::move(model);
}

void FakeProvider::require_api_key(std::string key) {
  const std::lock_guard lock(state_->mutex);
  state_->api_key = std::move(key);
}

void FakeProvider::set_latency(std::chrono::milliseconds latency) {
  const std::lock_guard lock(state_->mutex);
  state_->latency = latency;
}

void FakeProvider::push_fault(const FakeFault& fault, std::size_t count) {
  const std::lock_guard lock(state_->mutex);
  state_->faults.insert(state_->faults.end(), count, fault);
}

void FakeProvider::clear_faults() {
  const std::lock_guard lock(state_->mutex);
  state_->faults.clear();
}

std::size_t FakeProvider::pending_faults() const {
  const std::lock_guard lock(state_->mutex);
  return state_->faults.size();
}

std::vector<ProviderRequest> FakeProvider::requests() const {
  const std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::size_t FakeProvider::request_count() const {
  const std::lock_guard lock(state_->mutex);
  return state_->requests.size();
}

void FakeProvider::clear() {
  const std::lock_guard lock(state_->mutex);
  state_->requests.clear();
}

void FakeProvider::stop() {
  std::call_once(state_->stopped, [this] { server_->stop(std::chrono::milliseconds(1000)); });
}

void FakeProvider::handle(const http::Request& request, http::Exchange& exchange) {
  std::optional<FakeFault> fault;
  std::string api_key;
  std::chrono::milliseconds latency{0};
  {
    const std::lock_guard lock(state_->mutex);
    state_->requests.push_back({request.method, request.path, request.headers, request.body});
    if (!state_->faults.empty()) {
      fault = std::move(state_->faults.front());
      state_->faults.pop_front();
    }
    api_key = state_->api_key;
    latency = state_->latency;
  }

  const std::string_view route =
      flavor_ == FakeFlavor::openai ? "/v1/chat/completions" : "/v1/messages";
  if (request.path != route) return respond_error(exchange, flavor_, 404, "no such route");
  if (request.method != "POST") return respond_error(exchange, flavor_, 405, "use POST");
  if (!api_key.empty()) {
    const bool authorized = flavor_ == FakeFlavor::openai
                                ? request.header("Authorization") == "Bearer " + api_key
                                : request.header("x-api-key") == api_key;
    if (!authorized) return respond_error(exchange, flavor_, 401, "invalid x-api-key");
  }
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object()) {
    return respond_error(exchange, flavor_, 400, "the body is not a JSON object");
  }

  if (latency.count() > 0 && !wait(exchange, latency)) return;
  if (fault && fault->kind == FakeFault::Kind::delay) {
    if (!wait(exchange, fault->duration)) return;
    fault.reset();
  }
  const bool stream = body.contains("stream") && body["stream"].is_boolean() && body["stream"];

  if (fault && (fault->kind == FakeFault::Kind::status ||
                (fault->kind == FakeFault::Kind::error_event && !stream))) {
    const int status = fault->kind == FakeFault::Kind::status ? fault->status : 500;
    http::Response response{status, {{"Content-Type", "application/json"}}, fault->body};
    if (response.body.empty()) response.body = error_json(flavor_, status, fault->message);
    if (fault->retry_after) response.headers.push_back({"Retry-After", *fault->retry_after});
    exchange.respond(response);
    return;
  }
  if (fault && fault->kind == FakeFault::Kind::malformed) {
    if (stream) {
      if (!exchange.start_stream(200, {{"Content-Type", "text/event-stream"}})) return;
      exchange.write("data: {\"choices\": [this is not json\n\n");
      exchange.finish();
      return;
    }
    exchange.respond({200, {{"Content-Type", "application/json"}}, "{\"choices\": [{\"mess"});
    return;
  }

  Reply reply;
  FakeResponder responder;
  {
    const std::lock_guard lock(state_->mutex);
    responder = state_->responder;
    reply.text = state_->reply;
  }
  // Called without the lock: a responder may take its time or use the fake.
  if (responder) reply.text = responder(body);
  {
    const std::lock_guard lock(state_->mutex);
    reply.model = state_->model;
    reply.finish_reason = state_->finish_reason;
    reply.pieces = split_after_spaces(reply.text);
    if (state_->usage) {
      reply.input_tokens = state_->usage->first;
      reply.output_tokens = state_->usage->second;
    } else {
      reply.input_tokens = estimate_input_tokens(body);
      reply.output_tokens = std::max<std::size_t>(1, reply.pieces.size());
    }
  }
  if (reply.model.empty() && body.contains("model") && body["model"].is_string()) {
    reply.model = body["model"].get<std::string>();
  }

  if (!stream) {
    const std::string answer =
        dump(flavor_ == FakeFlavor::openai ? openai_completion(reply) : anthropic_message(reply));
    if (!fault) {
      exchange.respond({200, {{"Content-Type", "application/json"}}, answer});
      return;
    }
    // A broken or stalled answer: half of it, then the cut or the silence.
    if (!exchange.start_stream(200, {{"Content-Type", "application/json"}})) return;
    const std::size_t half = answer.size() / 2;
    if (!exchange.write(std::string_view(answer).substr(0, half))) return;
    if (fault->kind == FakeFault::Kind::reset_mid_stream) {
      throw std::runtime_error("connection reset on purpose");
    }
    if (!wait(exchange, fault->duration)) return;
    exchange.write(std::string_view(answer).substr(half));
    exchange.finish();
    return;
  }

  const bool include_usage = body.contains("stream_options") &&
                             body["stream_options"].is_object() &&
                             body["stream_options"].value("include_usage", json(false)) == true;
  const std::string error_message = fault ? fault->message : std::string();
  stream_reply(exchange,
               flavor_ == FakeFlavor::openai ? openai_frames(reply, include_usage, error_message)
                                             : anthropic_frames(reply, error_message),
               fault);
}

std::uint16_t unused_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("no socket for a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string unreachable_base_url() {
  return fmt::format("http://127.0.0.1:{}/v1", unused_loopback_port());
}

}  // namespace hearth::testing
