#include "hearth/chat/conversation.h"

#include <array>

#include "hearth/util/error.h"

namespace hearth::chat {

nlohmann::ordered_json chat_template_context(const ChatRequest& request) {
  if (!request.messages.is_array()) {
    raise(ErrorKind::invalid_argument, "messages must be an array, not {}",
          request.messages.type_name());
  }
  if (!request.tools.is_null() && !request.tools.is_array()) {
    raise(ErrorKind::invalid_argument, "tools must be an array or null, not {}",
          request.tools.type_name());
  }
  if (!request.documents.is_null() && !request.documents.is_array()) {
    raise(ErrorKind::invalid_argument, "documents must be an array or null, not {}",
          request.documents.type_name());
  }
  if (!request.extra_context.is_object()) {
    raise(ErrorKind::invalid_argument, "extra context must be an object, not {}",
          request.extra_context.type_name());
  }
  constexpr std::array<std::string_view, 4> kArguments = {"messages", "tools", "documents",
                                                          "add_generation_prompt"};
  for (const std::string_view argument : kArguments) {
    if (request.extra_context.contains(argument)) {
      raise(ErrorKind::invalid_argument,
            "extra context must not set '{}': it is an argument of its own", argument);
    }
  }
  nlohmann::ordered_json context = nlohmann::ordered_json::object();
  context["messages"] = request.messages;
  context["tools"] = request.tools;
  context["documents"] = request.documents;
  context["add_generation_prompt"] = request.add_generation_prompt;
  if (request.bos_token) context["bos_token"] = *request.bos_token;
  if (request.eos_token) context["eos_token"] = *request.eos_token;
  for (const auto& [key, value] : request.extra_context.items()) context[key] = value;
  return context;
}

std::string render_chat(const Template& chat_template, const ChatRequest& request,
                        const RenderOptions& options) {
  return chat_template.render(chat_template_context(request), options);
}

}  // namespace hearth::chat
