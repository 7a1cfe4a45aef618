// libFuzzer target for the server's request validation: a body as a client
// sends it to /v1/chat/completions, /v1/completions or /v1/embeddings (the
// first byte picks which). Checked:
// - only ApiError is ever thrown (a 400 with a message), never anything
//   else, and never a crash;
// - what is accepted respects the documented bounds: n in [1, 128], at most
//   four non-empty stop strings, top_logprobs in [0, 20], every message
//   normalized to a known role and string content.
//
// server_tests links this file too and replays fuzz/corpus/openai_request
// and fuzz/regressions/openai_request through LLVMFuzzerTestOneInput.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "../src/server/api_error.h"
#include "../src/server/json_fields.h"
#include "../src/server/openai_requests.h"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "openai_request_fuzz: %s\n", what);
  std::abort();
}

void check_generation(const hearth::server::GenerationRequest& request) {
  if (request.n < 1 || request.n > 128) fail("n out of range");
  if (request.stop.size() > 4) fail("more than four stop strings");
  for (const std::string& stop : request.stop) {
    if (stop.empty()) fail("an empty stop string");
  }
  if (request.top_logprobs < 0 || request.top_logprobs > 20) fail("top_logprobs out of range");
  if (request.max_tokens && *request.max_tokens < 1) fail("max_tokens below 1");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const hearth::server::Json json = hearth::server::parse_body(body);
    switch (data[0] % 3) {
      case 0: {
        const auto request = hearth::server::parse_chat_request(json);
        check_generation(request);
        if (!request.messages.is_array() || request.messages.empty()) fail("no messages");
        for (const auto& message : request.messages) {
          const std::string& role = message["role"].get_ref<const std::string&>();
          if (role != "system" && role != "user" && role != "assistant") fail("unknown role");
          if (!message["content"].is_string()) fail("content is not a string");
        }
        break;
      }
      case 1: {
        const auto request = hearth::server::parse_completion_request(json);
        check_generation(request);
        if (request.prompts.empty()) fail("no prompt");
        break;
      }
      default: {
        const auto request = hearth::server::parse_embedding_request(json);
        if (request.inputs.empty()) fail("no input");
        break;
      }
    }
  } catch (const hearth::server::ApiError& error) {
    if (error.status() != 400) fail("a status other than 400");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "openai_request_fuzz: unexpected exception: %s\n", error.what());
    std::abort();
  }
  return 0;
}
