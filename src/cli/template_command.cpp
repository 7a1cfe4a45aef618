// `hearth template -m FILE.gguf`: the prompt a model's chat template makes of
// a conversation given as JSON on standard input.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "hearth/chat/conversation.h"
#include "hearth/chat/template.h"
#include "hearth/gguf/file.h"
#include "hearth/util/error.h"
#include "model_argument.h"
#include "read_input.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct TemplateOptions {
  std::string model;
  std::optional<std::string> conversation;
  bool no_generation_prompt = false;
};

// The text of the token whose id `id_key` names, as transformers passes
// bos_token / eos_token to templates; nullopt when the file has none.
std::optional<std::string> special_token_text(const gguf::Metadata& metadata,
                                              std::string_view id_key) {
  const std::optional<std::uint64_t> id = metadata.get_uint(id_key);
  const gguf::Array* tokens = metadata.get_array("tokenizer.ggml.tokens");
  if (!id || tokens == nullptr || *id >= tokens->items.size()) return std::nullopt;
  const std::string* text = tokens->items[*id].as_string();
  return text ? std::optional<std::string>(*text) : std::nullopt;
}

// Either a bare array of messages, or an object with "messages" and, as an
// OpenAI request carries them, "tools", "documents", "add_generation_prompt"
// and "chat_template_kwargs".
chat::ChatRequest parse_conversation(const std::string& text) {
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(text, nullptr, false);
  if (json.is_discarded()) raise(ErrorKind::invalid_data, "the conversation is not valid JSON");
  chat::ChatRequest request;
  if (json.is_array()) {
    request.messages = std::move(json);
    return request;
  }
  if (!json.is_object() || !json.contains("messages")) {
    raise(ErrorKind::invalid_data,
          "the conversation must be an array of messages or an object with \"messages\"");
  }
  request.messages = json["messages"];
  if (json.contains("tools")) request.tools = json["tools"];
  if (json.contains("documents")) request.documents = json["documents"];
  if (json.contains("add_generation_prompt")) {
    if (!json["add_generation_prompt"].is_boolean()) {
      raise(ErrorKind::invalid_data, "\"add_generation_prompt\" must be true or false");
    }
    request.add_generation_prompt = json["add_generation_prompt"].get<bool>();
  }
  if (json.contains("chat_template_kwargs")) request.extra_context = json["chat_template_kwargs"];
  return request;
}

int run_template(const TemplateOptions& options) {
  const gguf::File file = gguf::File::open(options.model);
  const gguf::Metadata& metadata = file.metadata();

  chat::ChatRequest request = parse_conversation(text_argument_or_stdin(options.conversation));
  if (options.no_generation_prompt) request.add_generation_prompt = false;
  request.bos_token = special_token_text(metadata, "tokenizer.ggml.bos_token_id");
  request.eos_token = special_token_text(metadata, "tokenizer.ggml.eos_token_id");

  const std::optional<std::string_view> source = metadata.get_string("tokenizer.chat_template");
  const chat::Template chat_template =
      chat::Template::parse(source.value_or(chat::kChatMlTemplate));
  fmt::print("{}", chat::render_chat(chat_template, request));
  return kExitOk;
}

}  // namespace

Subcommand add_template_command(CLI::App& parent) {
  auto options = std::make_shared<TemplateOptions>();
  CLI::App* app = parent.add_subcommand(
      "template",
      "Render a conversation (JSON on stdin) with a model's chat template (ChatML if it has none)");
  add_model_option(*app, options->model, "A .gguf model or vocabulary file");
  app->add_option("conversation", options->conversation,
                  "The conversation as JSON; '-' or nothing reads standard input");
  app->add_flag("--no-generation-prompt", options->no_generation_prompt,
                "Do not end with the header of the assistant's reply");
  return {app, [options] { return run_template(*options); }};
}

}  // namespace hearth::cli
