// A real ApiServer on a loopback port serving small random models, and a
// client that speaks JSON to it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hearth/server/api_server.h"
#include "http_client.h"
#include "test_paths.h"

namespace hearth::server::testing {

using Json = nlohmann::ordered_json;

// Writes the test models once per process: "tiny" (Q8_0) and "tiny-llama".
const std::filesystem::path& tiny_model_path();
const std::filesystem::path& tiny_llama_model_path();

// A configuration with one model ("tiny"), 2 slots, 1 thread per model.
ServerConfig tiny_config();

struct JsonReply {
  long status = 0;
  Json body;  // null when the body is not JSON
  hearth::testing::HttpResult raw;
};

class RunningServer {
 public:
  explicit RunningServer(ServerConfig config);
  ~RunningServer();

  ApiServer& server() { return *server_; }
  std::string url(std::string_view path) const;

  JsonReply get(std::string_view path, const std::vector<http::Header>& headers = {}) const;
  JsonReply post(std::string_view path, const Json& body,
                 const std::vector<http::Header>& headers = {}) const;
  JsonReply post_raw(std::string_view path, const std::string& body,
                     const std::vector<http::Header>& headers = {}) const;

  // A streamed request's server-sent events: each "data: " payload, parsed
  // (or the raw text, for "[DONE]").
  struct Stream {
    long status = 0;
    std::vector<Json> events;
    bool done = false;  // ended with data: [DONE]
    std::vector<http::Header> headers;
    std::optional<std::string_view> header(std::string_view name) const {
      return http::find_header(headers, name);
    }
  };
  Stream stream(std::string_view path, const Json& body,
                const std::vector<http::Header>& headers = {}) const;

 private:
  std::unique_ptr<ApiServer> server_;
};

// The assistant texts of a chat completion's choices.
std::string first_content(const Json& completion);

}  // namespace hearth::server::testing
