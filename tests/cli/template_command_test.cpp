// `hearth template` run as a user would.
#include <gtest/gtest.h>

#include "run_hearth.h"
#include "test_paths.h"

namespace hearth::testing {
namespace {

const char* const kConversation =
    R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Hi there"}])";

TEST(Template, RendersTheModelsOwnTemplate) {
  // Qwen2's template, from the vocabulary file's tokenizer.chat_template.
  const CommandResult result =
      run_hearth({"template", "-m", vocab_path("qwen2").string()}, kConversation);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "<|im_start|>system\nBe brief.<|im_end|>\n"
            "<|im_start|>user\nHi there<|im_end|>\n"
            "<|im_start|>assistant\n");
}

TEST(Template, ModelsWithoutATemplateGetChatMl) {
  const CommandResult result = run_hearth(
      {"template", "-m", vocab_path("gpt-2").string(), "--no-generation-prompt"}, kConversation);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "<|im_start|>system\nBe brief.<|im_end|>\n"
            "<|im_start|>user\nHi there<|im_end|>\n");
}

TEST(Template, AcceptsARequestObjectAndPassesTheSpecialTokens) {
  // Phi-3's template starts with {{ bos_token }} and always opens the
  // assistant's turn after a user's, whatever add_generation_prompt says.
  const CommandResult result = run_hearth(
      {"template", "-m", vocab_path("phi-3").string()},
      R"({"messages":[{"role":"user","content":"2+2?"}],"add_generation_prompt":false})");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "<s><|user|>\n2+2?<|end|>\n<|assistant|>\n");
}

TEST(Template, BadConversationsAreRuntimeFailures) {
  const std::string model = vocab_path("qwen2").string();
  const CommandResult not_json = run_hearth({"template", "-m", model}, "{not json");
  EXPECT_EQ(not_json.exit_code, 1);
  EXPECT_NE(not_json.err.find("not valid JSON"), std::string::npos) << not_json.err;
  EXPECT_EQ(run_hearth({"template", "-m", model}, R"({"msgs":[]})").exit_code, 1);
  EXPECT_EQ(run_hearth({"template"}, kConversation).exit_code, 2);
}

}  // namespace
}  // namespace hearth::testing
