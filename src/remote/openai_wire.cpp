#include "openai_wire.h"

#include "hearth/util/error.h"
#include "wire_json.h"

namespace hearth::remote::detail {

using nlohmann::json;

std::string openai_request_body(const RemoteRequest& request, const std::string& model) {
  nlohmann::ordered_json body;
  body["model"] = model;
  body["messages"] = nlohmann::ordered_json::array();
  for (const Message& message : request.messages) {
    body["messages"].push_back({{"role", message.role}, {"content", message.content}});
  }
  if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
  if (request.temperature) body["temperature"] = *request.temperature;
  if (request.top_p) body["top_p"] = *request.top_p;
  if (request.seed) body["seed"] = *request.seed;
  if (!request.stop.empty()) body["stop"] = request.stop;
  if (!request.response_format_json.empty()) {
    nlohmann::ordered_json format =
        nlohmann::ordered_json::parse(request.response_format_json, nullptr, false);
    if (!format.is_object()) {
      raise(ErrorKind::invalid_argument, "response_format is not a JSON object");
    }
    body["response_format"] = std::move(format);
  }
  body["stream"] = request.stream;
  // Without this a streamed answer reports no usage.
  if (request.stream) body["stream_options"] = {{"include_usage", true}};
  return dump_json(body);
}

RemoteResult parse_openai_response(std::string_view body) {
  const json root = parse_json_object(body, "the answer");
  if (const json* error = object_member(root, "error")) {
    raise(ErrorKind::invalid_data, "the answer is an error: {}",
          string_member(*error, "message").value_or("(no message)"));
  }
  const json* choices = array_member(root, "choices");
  if (choices == nullptr || choices->empty()) {
    raise(ErrorKind::invalid_data, "the answer has no choices");
  }
  const json& choice = choices->front();
  if (!choice.is_object()) raise(ErrorKind::invalid_data, "a choice is not an object");
  const json* message = object_member(choice, "message");
  if (message == nullptr) raise(ErrorKind::invalid_data, "the answer's choice has no message");

  RemoteResult result;
  // null content: the model answered with tool calls only.
  result.text = string_member(*message, "content").value_or("");
  result.finish_reason = string_member(choice, "finish_reason").value_or("");
  result.model = string_member(root, "model").value_or("");
  if (const json* usage = object_member(root, "usage")) {
    result.usage.input_tokens = count_member(*usage, "prompt_tokens");
    result.usage.output_tokens = count_member(*usage, "completion_tokens");
  }
  return result;
}

std::string apply_openai_event(const SseEvent& event, StreamState& state) {
  if (state.ended || state.error) return {};
  if (event.data == "[DONE]") {
    state.ended = true;
    return {};
  }
  const json chunk = parse_json_object(event.data, "a stream event");
  if (const json* error = object_member(chunk, "error")) {
    state.error = string_member(*error, "message").value_or("(no message)");
    return {};
  }
  if (std::optional<std::string> model = string_member(chunk, "model"); model && !model->empty()) {
    state.model = std::move(*model);
  }
  if (const json* usage = object_member(chunk, "usage")) {
    state.usage.input_tokens = count_member(*usage, "prompt_tokens");
    state.usage.output_tokens = count_member(*usage, "completion_tokens");
  }
  std::string text;
  if (const json* choices = array_member(chunk, "choices"); choices && !choices->empty()) {
    const json& choice = choices->front();
    if (!choice.is_object()) raise(ErrorKind::invalid_data, "a choice is not an object");
    if (const json* delta = object_member(choice, "delta")) {
      text = string_member(*delta, "content").value_or("");
    }
    if (std::optional<std::string> reason = string_member(choice, "finish_reason")) {
      state.finish_reason = std::move(*reason);
    }
  }
  state.text += text;
  return text;
}

}  // namespace hearth::remote::detail
