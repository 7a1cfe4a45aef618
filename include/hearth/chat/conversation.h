// Rendering a conversation into a prompt the way transformers'
// apply_chat_template does.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "hearth/chat/template.h"

namespace hearth::chat {

// The prompt format for a model that ships no template: ChatML, the template
// transformers used by default before models had to bring their own.
inline constexpr std::string_view kChatMlTemplate =
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// What apply_chat_template is given.
struct ChatRequest {
  // OpenAI-style message objects ({"role", "content"}, and "tool_calls",
  // "tool_call_id", "name", "reasoning_content" where present), handed to the
  // template unchanged.
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  // Tool definitions, or null: the template then sees `tools` as none.
  nlohmann::ordered_json tools;
  // Documents for retrieval-augmented templates (Granite), or null.
  nlohmann::ordered_json documents;
  // End with the header of the assistant's reply. transformers defaults to
  // false; a runtime about to generate that reply wants it.
  bool add_generation_prompt = true;
  // The tokenizer's special tokens. An absent one is undefined in the
  // template, as transformers passes only the tokens a tokenizer has.
  std::optional<std::string> bos_token;
  std::optional<std::string> eos_token;
  // More template variables (chat_template_kwargs), such as
  // {"enable_thinking": false}; they override the special tokens.
  nlohmann::ordered_json extra_context = nlohmann::ordered_json::object();
};

// The variables transformers renders with: messages, tools, documents,
// add_generation_prompt, the special tokens, then extra_context. Throws
// Error(invalid_argument) when messages is not an array, tools or documents
// is neither null nor an array, extra_context is not an object or names one
// of the four arguments (transformers refuses those as given twice).
nlohmann::ordered_json chat_template_context(const ChatRequest& request);

// Renders `request` with `chat_template`. Throws what chat_template_context
// and Template::render throw; Error(invalid_argument) "template line N: ..."
// includes a template's raise_exception() refusing the conversation.
std::string render_chat(const Template& chat_template, const ChatRequest& request,
                        const RenderOptions& options = {});

}  // namespace hearth::chat
