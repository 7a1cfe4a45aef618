#include "server_fixture.h"

#include "hearth/model/presets.h"
#include "hearth/model/synthetic_model.h"

namespace hearth::server::testing {
namespace {

std::filesystem::path write_model(const char* preset, const char* vocabulary, const char* file) {
  static hearth::testing::ScratchDir* scratch = new hearth::testing::ScratchDir();
  model::SyntheticModelSpec spec = model::make_synthetic_spec(
      *model::find_preset(preset), hearth::testing::vocab_path(vocabulary));
  spec.weight_format = model::WeightFormat::q8_0;
  const std::filesystem::path path = scratch->path() / file;
  model::write_synthetic_model(spec, path);
  return path;
}

}  // namespace

const std::filesystem::path& tiny_model_path() {
  static const std::filesystem::path path = write_model("tiny", "qwen2", "tiny.gguf");
  return path;
}

const std::filesystem::path& tiny_llama_model_path() {
  static const std::filesystem::path path =
      write_model("tiny-llama", "llama-spm", "tiny-llama.gguf");
  return path;
}

ServerConfig tiny_config() {
  ServerConfig config;
  config.http.port = 0;
  ModelConfig model;
  model.id = "tiny";
  model.path = tiny_model_path();
  model.scheduler.slots = 2;
  model.scheduler.threads = 1;
  model.scheduler.context_length = 512;
  config.models.push_back(model);
  config.max_tokens = 400;
  return config;
}

RunningServer::RunningServer(ServerConfig config)
    : server_(std::make_unique<ApiServer>(std::move(config))) {
  server_->start();
}

RunningServer::~RunningServer() {
  server_->stop(std::chrono::milliseconds(0));
}

std::string RunningServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(server_->port()) + std::string(path);
}

namespace {

JsonReply to_reply(hearth::testing::HttpResult raw) {
  JsonReply reply;
  reply.status = raw.status;
  reply.body = Json::parse(raw.body, nullptr, false);
  if (reply.body.is_discarded()) reply.body = nullptr;
  reply.raw = std::move(raw);
  return reply;
}

}  // namespace

JsonReply RunningServer::get(std::string_view path,
                             const std::vector<http::Header>& headers) const {
  return to_reply(hearth::testing::http_request("GET", url(path), {}, headers));
}

JsonReply RunningServer::post(std::string_view path, const Json& body,
                              const std::vector<http::Header>& headers) const {
  return post_raw(path, body.dump(), headers);
}

JsonReply RunningServer::post_raw(std::string_view path, const std::string& body,
                                  const std::vector<http::Header>& headers) const {
  std::vector<http::Header> all = headers;
  all.push_back({"Content-Type", "application/json"});
  return to_reply(hearth::testing::http_request("POST", url(path), body, all));
}

RunningServer::Stream RunningServer::stream(std::string_view path, const Json& body,
                                            const std::vector<http::Header>& headers) const {
  Stream stream;
  std::string buffer;
  std::vector<http::Header> all_headers = {{"Content-Type", "application/json"}};
  all_headers.insert(all_headers.end(), headers.begin(), headers.end());
  const hearth::testing::HttpResult result = hearth::testing::http_stream(
      "POST", url(path), body.dump(), all_headers, [&](std::string_view data) {
        buffer.append(data);
        std::size_t end;
        while ((end = buffer.find("\n\n")) != std::string::npos) {
          const std::string event = buffer.substr(0, end);
          buffer.erase(0, end + 2);
          if (!event.starts_with("data: ")) continue;
          const std::string payload = event.substr(6);
          if (payload == "[DONE]") {
            stream.done = true;
          } else {
            stream.events.push_back(Json::parse(payload, nullptr, false));
          }
        }
        return true;
      });
  stream.status = result.status;
  stream.headers = result.headers;
  return stream;
}

std::string first_content(const Json& completion) {
  return completion["choices"][0]["message"]["content"].get<std::string>();
}

}  // namespace hearth::server::testing
