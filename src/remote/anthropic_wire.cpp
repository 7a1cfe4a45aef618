#include "anthropic_wire.h"

#include <algorithm>

#include "hearth/util/error.h"
#include "wire_json.h"

namespace hearth::remote::detail {

using nlohmann::json;

std::string anthropic_request_body(const RemoteRequest& request, const std::string& model) {
  std::string system;
  bool has_system = false;
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  for (const Message& message : request.messages) {
    if (message.role == "system" || message.role == "developer") {
      if (has_system) system += "\n\n";
      system += message.content;
      has_system = true;
      continue;
    }
    if (message.role != "user" && message.role != "assistant") {
      raise(ErrorKind::invalid_argument, "Anthropic's API has no \"{}\" messages", message.role);
    }
    // The API wants user and assistant turns to alternate.
    if (!messages.empty() && messages.back()["role"] == message.role) {
      messages.back()["content"] =
          messages.back()["content"].get<std::string>() + "\n\n" + message.content;
      continue;
    }
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }

  nlohmann::ordered_json body;
  body["model"] = model;
  body["max_tokens"] = request.max_tokens.value_or(kAnthropicDefaultMaxTokens);
  if (has_system) body["system"] = system;
  body["messages"] = std::move(messages);
  if (request.temperature) body["temperature"] = std::clamp(*request.temperature, 0.0, 1.0);
  if (request.top_p) body["top_p"] = *request.top_p;
  if (!request.stop.empty()) body["stop_sequences"] = request.stop;
  body["stream"] = request.stream;
  return dump_json(body);
}

std::string anthropic_finish_reason(std::string_view stop_reason) {
  if (stop_reason == "end_turn" || stop_reason == "stop_sequence") return "stop";
  if (stop_reason == "max_tokens") return "length";
  return std::string(stop_reason);
}

RemoteResult parse_anthropic_response(std::string_view body) {
  const json root = parse_json_object(body, "the answer");
  if (const json* error = object_member(root, "error")) {
    raise(ErrorKind::invalid_data, "the answer is an error: {}",
          string_member(*error, "message").value_or("(no message)"));
  }
  const json* content = array_member(root, "content");
  if (content == nullptr) raise(ErrorKind::invalid_data, "the answer has no content");

  RemoteResult result;
  for (const json& block : *content) {
    if (!block.is_object()) raise(ErrorKind::invalid_data, "a content block is not an object");
    // Other blocks (tool_use, thinking) carry no answer text.
    if (string_member(block, "type") != "text") continue;
    result.text += string_member(block, "text").value_or("");
  }
  result.finish_reason = anthropic_finish_reason(string_member(root, "stop_reason").value_or(""));
  result.model = string_member(root, "model").value_or("");
  if (const json* usage = object_member(root, "usage")) {
    result.usage.input_tokens = count_member(*usage, "input_tokens");
    result.usage.output_tokens = count_member(*usage, "output_tokens");
  }
  return result;
}

std::string apply_anthropic_event(const SseEvent& event, StreamState& state) {
  if (state.ended || state.error) return {};
  const json data = parse_json_object(event.data, "a stream event");
  const std::string type = string_member(data, "type").value_or(event.type);

  std::string text;
  if (type == "message_start") {
    if (const json* message = object_member(data, "message")) {
      if (std::optional<std::string> model = string_member(*message, "model")) {
        state.model = std::move(*model);
      }
      if (const json* usage = object_member(*message, "usage")) {
        state.usage.input_tokens = count_member(*usage, "input_tokens");
        state.usage.output_tokens = count_member(*usage, "output_tokens");
      }
    }
  } else if (type == "content_block_start") {
    if (const json* block = object_member(data, "content_block");
        block && string_member(*block, "type") == "text") {
      text = string_member(*block, "text").value_or("");
    }
  } else if (type == "content_block_delta") {
    if (const json* delta = object_member(data, "delta");
        delta && string_member(*delta, "type") == "text_delta") {
      text = string_member(*delta, "text").value_or("");
    }
  } else if (type == "message_delta") {
    if (const json* delta = object_member(data, "delta")) {
      if (std::optional<std::string> reason = string_member(*delta, "stop_reason")) {
        state.finish_reason = anthropic_finish_reason(*reason);
      }
    }
    if (const json* usage = object_member(data, "usage")) {
      if (find_member(*usage, "input_tokens")) {
        state.usage.input_tokens = count_member(*usage, "input_tokens");
      }
      if (find_member(*usage, "output_tokens")) {
        state.usage.output_tokens = count_member(*usage, "output_tokens");
      }
    }
  } else if (type == "message_stop") {
    state.ended = true;
  } else if (type == "error") {
    const json* error = object_member(data, "error");
    state.error = error ? string_member(*error, "message").value_or("(no message)")
                        : std::string("(no message)");
  }
  // ping, content_block_stop and event types added later carry nothing here.
  state.text += text;
  return text;
}

}  // namespace hearth::remote::detail
