// libFuzzer target for the Jinja chat-template interpreter. The input is a
// template: it must parse or be refused with hearth::Error, and a template
// that parses must render a fixed conversation or fail with hearth::Error
// (raise_exception, a type error, a render limit). A crash, a sanitizer
// report, a hang, a leak, any other exception or wild memory use is a bug.
//
// The limits are far below the defaults so that a template which loops or
// grows strings hits them in milliseconds; the mechanism is the same.
//
// chat_tests links this file too and replays fuzz/corpus/chat_template and
// fuzz/regressions/chat_template through LLVMFuzzerTestOneInput.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "hearth/chat/conversation.h"
#include "hearth/chat/template.h"
#include "hearth/util/error.h"

namespace {

using hearth::chat::ChatRequest;
using nlohmann::ordered_json;

hearth::chat::RenderOptions fuzz_options() {
  hearth::chat::RenderOptions options;
  options.limits.max_output_bytes = std::size_t{1} << 20;
  options.limits.max_list_items = std::size_t{1} << 16;
  options.limits.max_steps = std::size_t{1} << 16;
  options.limits.max_call_depth = 32;
  options.limits.max_work = std::size_t{1} << 24;
  // A fixed clock keeps strftime_now() reproducible.
  options.clock = [] {
    hearth::chat::LocalTime time;
    time.calendar.tm_year = 125;
    time.calendar.tm_mon = 6;
    time.calendar.tm_mday = 4;
    time.calendar.tm_hour = 13;
    time.calendar.tm_min = 5;
    time.calendar.tm_sec = 9;
    time.calendar.tm_wday = 5;
    time.calendar.tm_yday = 184;
    time.microsecond = 123456;
    return time;
  };
  return options;
}

// A conversation that reaches most branches of real templates: a system
// prompt, tools, an assistant tool call with its result, reasoning content.
ChatRequest tool_conversation() {
  ChatRequest request;
  request.messages = ordered_json::parse(R"([
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "Weather in Paris? ü 日本"},
    {"role": "assistant", "content": "", "reasoning_content": "Call the tool.",
     "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
    {"role": "tool", "tool_call_id": "call_1", "name": "get_weather", "content": "22 C"},
    {"role": "assistant", "content": "22 degrees."},
    {"role": "user", "content": [{"type": "text", "text": "Thanks"}]}
  ])");
  request.tools = ordered_json::parse(R"([
    {"type": "function", "function": {"name": "get_weather", "description": "Weather now",
      "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                     "required": ["city"]}}}
  ])");
  request.bos_token = "<s>";
  request.eos_token = "</s>";
  request.extra_context = {{"enable_thinking", false}};
  return request;
}

// The plainest request: one user turn, no tools, no special tokens.
ChatRequest plain_conversation() {
  ChatRequest request;
  request.messages = ordered_json::parse(R"([{"role": "user", "content": "Hi"}])");
  request.add_generation_prompt = false;
  return request;
}

[[noreturn]] void fail(std::string_view what) {
  std::fprintf(stderr, "chat_template_fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void render_or_refuse(const hearth::chat::Template& chat_template, const ChatRequest& request) {
  static const hearth::chat::RenderOptions options = fuzz_options();
  try {
    const std::string prompt = hearth::chat::render_chat(chat_template, request, options);
    if (prompt.size() > options.limits.max_output_bytes) fail("output over max_output_bytes");
  } catch (const hearth::Error&) {
    // raise_exception(), a type error or a limit: refusing is fine.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ChatRequest with_tools = tool_conversation();
  static const ChatRequest plain = plain_conversation();
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  try {
    const hearth::chat::Template chat_template = hearth::chat::Template::parse(source);
    render_or_refuse(chat_template, with_tools);
    render_or_refuse(chat_template, plain);
  } catch (const hearth::Error&) {
    // A syntax error or an unsupported construct.
  } catch (const std::exception& other) {
    fail(std::string("an exception other than hearth::Error: ") + other.what());
  }
  return 0;
}
