// The chat templates real models ship (shared/chat-templates), rendered by
// render_chat for conversations that walk their branches, against jinja2
// rendering the same apply_chat_template call: byte-identical prompts, and
// a refusal (raise_exception or an error) exactly where jinja2 refuses.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "hearth/chat/conversation.h"
#include "hearth/util/error.h"
#include "jinja_reference.h"
#include "test_paths.h"

namespace hearth::chat::testing {
namespace {

using nlohmann::ordered_json;

struct Conversation {
  std::string name;
  ChatRequest request;
};

ordered_json message(std::string_view role, std::string_view content) {
  return {{"role", role}, {"content", content}};
}

ordered_json weather_tools() {
  return ordered_json::parse(R"([
    {"type": "function", "function": {
      "name": "get_weather",
      "description": "Get the current weather in a city.",
      "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "description": "The city, e.g. Z\u00fcrich"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "required": ["city"]}}},
    {"type": "function", "function": {
      "name": "add",
      "description": "Add two numbers.",
      "parameters": {"type": "object", "properties": {
        "a": {"type": "number"}, "b": {"type": "number", "default": 0.5}},
        "required": ["a"]},
      "return": {"type": "number"}}}
  ])");
}

ordered_json tool_call(std::string_view id, std::string_view name, ordered_json arguments) {
  return {{"id", id},
          {"type", "function"},
          {"function", {{"name", name}, {"arguments", std::move(arguments)}}}};
}

ordered_json assistant_with_calls(ordered_json content, ordered_json calls) {
  return {{"role", "assistant"}, {"content", std::move(content)}, {"tool_calls", std::move(calls)}};
}

ordered_json tool_result(std::string_view id, std::string_view name, std::string_view content) {
  return {{"role", "tool"}, {"tool_call_id", id}, {"name", name}, {"content", content}};
}

Conversation conversation(std::string name, ordered_json messages, bool add_generation_prompt) {
  Conversation result{std::move(name), {}};
  result.request.messages = std::move(messages);
  result.request.add_generation_prompt = add_generation_prompt;
  result.request.bos_token = "<s>";
  result.request.eos_token = "</s>";
  return result;
}

std::vector<Conversation> conversations() {
  std::vector<Conversation> all;
  all.push_back(conversation("single_user", {message("user", "Hello!")}, true));
  all.push_back(conversation("system_and_user",
                             {message("system", "You are terse."), message("user", "Hi")}, true));
  all.push_back(conversation(
      "multi_turn",
      {message("system", "You are a helpful assistant."), message("user", "What is 2+2?"),
       message("assistant", "4."), message("user", "And 3+3?")},
      true));
  all.push_back(conversation("assistant_last",
                             {message("user", "Say hi."), message("assistant", "Hi!")}, false));
  all.push_back(conversation("no_generation_prompt", {message("user", "Hello!")}, false));
  all.push_back(conversation(
      "unicode",
      {message("user",
               "Gr\u00fc\u00dfe \U0001F44B \u2014 \u4f60\u597d \u00abquotes\u00bb \u2028 sep"),
       message("assistant", "\u00c7a va \u2713"), message("user", "\u00df\u2192SS?")},
      true));
  all.push_back(conversation(
      "jinja_like_braces",
      {message("user", "Use {{ name }} and {% if x %} literally {# not a comment #} {%- raw %}"),
       message("assistant", "Sure: {{ }} }} {{"), message("user", "ok {% endif %}")},
      true));
  all.push_back(conversation(
      "empty_content", {message("user", ""), message("assistant", ""), message("user", "again")},
      true));
  all.push_back(conversation("whitespace_content",
                             {message("user", "  padded  \n"), message("assistant", "\n\nanswer\n"),
                              message("user", "\ttabbed\r\nline")},
                             true));
  all.push_back(
      conversation("many_turns",
                   {message("user", "1"), message("assistant", "2"), message("user", "3"),
                    message("assistant", "4"), message("user", "5"), message("assistant", "6"),
                    message("user", "7"), message("assistant", "8"), message("user", "9")},
                   true));

  Conversation tools_defined =
      conversation("tools_defined",
                   {message("system", "Use tools."), message("user", "Weather in Paris?")}, true);
  tools_defined.request.tools = weather_tools();
  all.push_back(tools_defined);

  Conversation round_trip = conversation(
      "tool_call_round_trip",
      {message("user", "Weather in Paris?"),
       assistant_with_calls("", {tool_call("abcDEF123", "get_weather", {{"city", "Paris"}})}),
       tool_result("abcDEF123", "get_weather", "{\"temperature\": 21, \"unit\": \"celsius\"}"),
       message("assistant", "It is 21\u00b0C in Paris."), message("user", "Thanks!")},
      true);
  round_trip.request.tools = weather_tools();
  all.push_back(round_trip);

  Conversation string_arguments = conversation(
      "tool_call_string_arguments",
      {message("user", "Add 2 and 3."),
       assistant_with_calls("", {tool_call("xyz987654", "add", "{\"a\": 2, \"b\": 3}")}),
       tool_result("xyz987654", "add", "5")},
      true);
  string_arguments.request.tools = weather_tools();
  all.push_back(string_arguments);

  Conversation parallel = conversation(
      "parallel_tool_calls",
      {message("system", "You can call tools."), message("user", "Paris and Rome?"),
       assistant_with_calls(
           "Checking both.",
           {tool_call("call00001", "get_weather", {{"city", "Paris"}}),
            tool_call("call00002", "get_weather", {{"city", "Rome"}, {"unit", "fahrenheit"}})}),
       tool_result("call00001", "get_weather", "21"),
       tool_result("call00002", "get_weather", "75")},
      true);
  parallel.request.tools = weather_tools();
  all.push_back(parallel);

  Conversation null_content = conversation(
      "tool_call_null_content",
      {message("user", "Weather?"),
       assistant_with_calls(nullptr, {tool_call("nul000001", "get_weather", {{"city", "Oslo"}})}),
       tool_result("nul000001", "get_weather", "-3")},
      true);
  null_content.request.tools = weather_tools();
  all.push_back(null_content);

  Conversation reasoning = conversation(
      "reasoning_content",
      {message("user", "2+2?"),
       {{"role", "assistant"}, {"content", "4."}, {"reasoning_content", "Two plus two is four."}},
       message("user", "And 3+3?"),
       {{"role", "assistant"}, {"content", "6."}, {"reasoning_content", "\nThree and three.\n"}}},
      false);
  all.push_back(reasoning);

  all.push_back(conversation(
      "think_in_content",
      {message("user", "2+2?"), message("assistant", "<think>\nLet me think.\n</think>\n\nFour."),
       message("user", "Sure?"), message("assistant", "<think>\nYes.\n</think>\n\nYes, four.")},
      false));

  Conversation thinking_off =
      conversation("enable_thinking_false", {message("user", "Quick answer?")}, true);
  thinking_off.request.extra_context = {{"enable_thinking", false}};
  all.push_back(thinking_off);

  Conversation thinking_on =
      conversation("enable_thinking_true", {message("user", "Think hard.")}, true);
  thinking_on.request.extra_context = {{"enable_thinking", true}};
  all.push_back(thinking_on);

  all.push_back(conversation(
      "system_no_think", {message("system", "Be brief. /no_think"), message("user", "Hi")}, true));
  all.push_back(
      conversation("system_think",
                   {message("system", "/think Reason carefully.  "), message("user", "Hi")}, true));

  all.push_back(
      conversation("not_alternating", {message("user", "one"), message("user", "two")}, true));
  all.push_back(conversation("assistant_first",
                             {message("assistant", "I start."), message("user", "ok")}, true));

  Conversation bad_id = conversation(
      "bad_tool_call_id",
      {message("user", "Weather?"),
       assistant_with_calls("", {tool_call("short", "get_weather", {{"city", "Oslo"}})}),
       tool_result("short", "get_weather", "-3")},
      true);
  bad_id.request.tools = weather_tools();
  all.push_back(bad_id);

  Conversation tools_in_system = conversation(
      "tools_in_system_message",
      {message("system", "Use tools wisely."), message("user", "Weather in Paris?"),
       assistant_with_calls("", {tool_call("abcDEF123", "get_weather", {{"city", "Paris"}})}),
       tool_result("abcDEF123", "get_weather", "{\"temperature\": 21}")},
      true);
  tools_in_system.request.tools = weather_tools();
  tools_in_system.request.extra_context = {{"tools_in_user_message", false},
                                           {"date_string", "01 Jan 2025"}};
  all.push_back(tools_in_system);

  Conversation documents = conversation("documents", {message("user", "Summarize.")}, true);
  documents.request.documents = ordered_json::parse(
      R"([{"doc_id": 1, "text": "Doc one."}, {"doc_id": "b", "text": "Doc two."}])");
  documents.request.extra_context = {{"controls", {{"citations", true}, {"hallucinations", true}}}};
  all.push_back(documents);

  Conversation thinking_flag = conversation("thinking_flag", {message("user", "Hmm?")}, true);
  thinking_flag.request.extra_context = {{"thinking", true}};
  all.push_back(thinking_flag);

  Conversation no_tokens = conversation("no_special_tokens", {message("user", "Hi")}, false);
  no_tokens.request.bos_token.reset();
  no_tokens.request.eos_token.reset();
  all.push_back(no_tokens);

  all.push_back(conversation(
      "content_parts",
      {{{"role", "user"}, {"content", ordered_json::parse(R"([{"type": "text", "text": "Describe."},
                                            {"type": "image", "url": "x.png"}])")}}},
      true));

  Conversation rich_arguments = conversation(
      "rich_tool_arguments",
      {message("user", "Compute."),
       assistant_with_calls(
           "", {tool_call("rich00001", "add", ordered_json::parse(R"({"a": 2.5, "b": 1e-7,
               "list": [1, "two", null, true, -0.0], "nested": {"ü": "ö", "e": {}}})"))}),
       {{"role", "tool"},
        {"tool_call_id", "rich00001"},
        {"content", ordered_json::parse(R"({"content": "2.5000001", "ok": true})")}}},
      true);
  rich_arguments.request.tools = weather_tools();
  all.push_back(rich_arguments);

  Conversation no_messages = conversation("no_messages", ordered_json::array(), true);
  all.push_back(no_messages);
  return all;
}

// The arguments transformers' apply_chat_template would get for `request`.
ordered_json apply_chat_template_arguments(const ChatRequest& request) {
  ordered_json special_tokens = ordered_json::object();
  if (request.bos_token) special_tokens["bos_token"] = *request.bos_token;
  if (request.eos_token) special_tokens["eos_token"] = *request.eos_token;
  return {
      {"messages", request.messages},     {"tools", request.tools},
      {"documents", request.documents},   {"add_generation_prompt", request.add_generation_prompt},
      {"special_tokens", special_tokens}, {"kwargs", request.extra_context}};
}

std::string read_fixture(const std::string& name) {
  const auto path = hearth::testing::shared_dir() / "chat-templates" / name;
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class FixtureTemplate : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTemplate, RendersLikeTransformers) {
  const std::string source =
      GetParam() == "chatml" ? std::string(kChatMlTemplate) : read_fixture(GetParam());
  const Template chat_template = Template::parse(source);
  const std::vector<Conversation> all = conversations();

  ordered_json cases = ordered_json::array();
  for (const Conversation& each : all) {
    cases.push_back({{"template", source}, {"chat", apply_chat_template_arguments(each.request)}});
  }
  const std::vector<ReferenceRender> expected = render_with_jinja2(cases);

  RenderOptions options;
  options.clock = fixed_test_time;
  std::size_t identical = 0;
  std::string refused_by_both;
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE("conversation: " + all[i].name);
    std::string output;
    std::string error;
    bool raised = false;
    try {
      output = render_chat(chat_template, all[i].request, options);
    } catch (const Error& failure) {
      raised = true;
      error = failure.what();
    }
    if (expected[i].raised) {
      EXPECT_TRUE(raised) << "jinja2 raised " << expected[i].error << "; hearth rendered\n"
                          << output;
      if (raised) refused_by_both += " " + all[i].name;
    } else if (raised) {
      ADD_FAILURE() << "hearth raised " << error << "; jinja2 rendered\n" << expected[i].output;
    } else {
      EXPECT_EQ(output, expected[i].output);
      identical += output == expected[i].output ? 1 : 0;
    }
    // Every template renders the plain conversations; a test where both
    // sides fail there would prove nothing.
    if (all[i].name == "single_user" || all[i].name == "many_turns") {
      EXPECT_FALSE(expected[i].raised) << expected[i].error;
    }
  }
  std::cout << GetParam() << ": " << all.size() << " conversations, " << identical
            << " rendered identically, refused by both:" << refused_by_both << "\n";
}

std::string fixture_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (const char c : info.param.substr(0, info.param.find(".jinja"))) {
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(SharedTemplates, FixtureTemplate,
                         ::testing::Values("Qwen-Qwen2.5-7B-Instruct.jinja",
                                           "Qwen-Qwen3-0.6B.jinja",
                                           "HuggingFaceTB-SmolLM3-3B.jinja",
                                           "google-gemma-2-2b-it.jinja",
                                           "ibm-granite-granite-3.3-2B-Instruct.jinja",
                                           "meta-llama-Llama-3.2-3B-Instruct.jinja",
                                           "microsoft-Phi-3.5-mini-instruct.jinja",
                                           "mistralai-Mistral-Nemo-Instruct-2407.jinja", "chatml"),
                         fixture_test_name);

}  // namespace
}  // namespace hearth::chat::testing
