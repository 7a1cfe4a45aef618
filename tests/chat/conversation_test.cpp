// render_chat builds the variables transformers' apply_chat_template does.
#include "hearth/chat/conversation.h"

#include <gtest/gtest.h>

#include "hearth/util/error.h"

namespace hearth::chat {
namespace {

using nlohmann::ordered_json;

TEST(Conversation, ContextHasTheArgumentsOfApplyChatTemplate) {
  ChatRequest request;
  request.messages = ordered_json::parse(R"([{"role": "user", "content": "Hi"}])");
  request.bos_token = "<s>";
  request.extra_context = {{"enable_thinking", false}, {"bos_token", "<override>"}};
  const ordered_json context = chat_template_context(request);
  EXPECT_EQ(context["messages"], request.messages);
  EXPECT_TRUE(context["tools"].is_null());
  EXPECT_TRUE(context["documents"].is_null());
  EXPECT_EQ(context["add_generation_prompt"], true);
  EXPECT_EQ(context["bos_token"], "<override>");
  EXPECT_FALSE(context.contains("eos_token"));
  EXPECT_EQ(context["enable_thinking"], false);
}

TEST(Conversation, ToolsAreNoneNotUndefinedWhenAbsent) {
  const Template probe =
      Template::parse("{{ tools is defined }} {{ tools is none }} {{ bos_token is defined }}");
  EXPECT_EQ(render_chat(probe, ChatRequest{}), "True True False");
}

TEST(Conversation, RendersTheChatMlFallback) {
  ChatRequest request;
  request.messages = ordered_json::parse(
      R"([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}])");
  EXPECT_EQ(render_chat(Template::parse(kChatMlTemplate), request),
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            "<|im_start|>assistant\n");
  request.add_generation_prompt = false;
  EXPECT_EQ(render_chat(Template::parse(kChatMlTemplate), request),
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n");
}

TEST(Conversation, RejectsMalformedRequests) {
  const Template chatml = Template::parse(kChatMlTemplate);
  ChatRequest not_a_list;
  not_a_list.messages = ordered_json::object();
  EXPECT_THROW(render_chat(chatml, not_a_list), Error);
  ChatRequest bad_tools;
  bad_tools.tools = "get_weather";
  EXPECT_THROW(render_chat(chatml, bad_tools), Error);
  ChatRequest shadowing;
  shadowing.extra_context = {{"messages", ordered_json::array()}};
  try {
    render_chat(chatml, shadowing);
    ADD_FAILURE() << "extra context replaced messages";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  }
}

}  // namespace
}  // namespace hearth::chat
