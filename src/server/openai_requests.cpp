#include "openai_requests.h"

#include <fmt/format.h>

#include <limits>
#include <random>

#include "api_error.h"

namespace hearth::server {
namespace {

constexpr std::int64_t kMaxChoices = 128;
constexpr std::size_t kMaxStops = 4;

// A request without a seed gets a fresh one; the generator is seeded once
// per thread (opening the random device per request costs more than the rest
// of the validation).
std::uint64_t random_seed() {
  thread_local std::mt19937_64 generator{(std::uint64_t{std::random_device{}()} << 32) ^
                                         std::random_device{}()};
  return generator();
}

// The fields chat and completions share; `completions` selects the legacy
// endpoint's logprobs (an integer of alternatives, not a flag).
void read_generation_fields(FieldReader& fields, GenerationRequest& request, bool completions) {
  request.model = fields.required_string("model");
  const auto max_tokens = fields.integer("max_tokens", 1, std::numeric_limits<std::int32_t>::max());
  const auto max_completion =
      completions
          ? std::nullopt
          : fields.integer("max_completion_tokens", 1, std::numeric_limits<std::int32_t>::max());
  request.max_tokens = max_completion ? max_completion : max_tokens;
  if (completions && !request.max_tokens) request.max_tokens = 16;  // OpenAI's default there
  request.n = fields.integer("n", 1, kMaxChoices).value_or(1);
  request.stream = fields.boolean("stream").value_or(false);
  if (const Json* options = fields.find("stream_options")) {
    if (!options->is_object()) {
      throw invalid_request(fmt::format("Invalid type for 'stream_options': expected an object, "
                                        "but got {}.",
                                        json_type_name(*options)),
                            "stream_options", "invalid_type");
    }
    if (!request.stream) {
      throw invalid_request(
          "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          "stream_options");
    }
    FieldReader nested(*options, "stream_options.");
    request.include_usage = nested.boolean("include_usage").value_or(false);
    nested.reject_unknown();
  }
  if (const Json* stop = fields.find("stop")) {
    if (stop->is_string()) {
      request.stop.push_back(stop->get<std::string>());
    } else if (stop->is_array()) {
      if (stop->size() > kMaxStops) {
        throw invalid_request(
            fmt::format("Invalid 'stop': array too long. Expected an array with maximum length "
                        "{}, but got an array with length {} instead.",
                        kMaxStops, stop->size()),
            "stop", "array_above_max_length");
      }
      for (const Json& item : *stop) {
        if (!item.is_string()) {
          throw invalid_request(
              "Invalid type for 'stop': expected a string or an array of "
              "strings.",
              "stop", "invalid_type");
        }
        request.stop.push_back(item.get<std::string>());
      }
    } else {
      throw invalid_request(fmt::format("Invalid type for 'stop': expected a string or an array "
                                        "of strings, but got {}.",
                                        json_type_name(*stop)),
                            "stop", "invalid_type");
    }
    std::erase_if(request.stop, [](const std::string& s) { return s.empty(); });
  }
  if (const auto seed = fields.integer("seed", std::numeric_limits<std::int64_t>::min(),
                                       std::numeric_limits<std::int64_t>::max())) {
    request.seed = static_cast<std::uint64_t>(*seed);
  }

  sampling::SamplingParams& sampling = request.sampling;
  sampling.temperature = static_cast<float>(fields.number("temperature", 0.0, 2.0).value_or(1.0));
  sampling.top_p = static_cast<float>(fields.number("top_p", 0.0, 1.0).value_or(1.0));
  if (sampling.top_p <= 0.0f) {
    throw invalid_request("Invalid 'top_p': 0 is not greater than 0.", "top_p", "invalid_value");
  }
  sampling.presence_penalty =
      static_cast<float>(fields.number("presence_penalty", -2.0, 2.0).value_or(0.0));
  sampling.frequency_penalty =
      static_cast<float>(fields.number("frequency_penalty", -2.0, 2.0).value_or(0.0));
  sampling.top_k = static_cast<std::int32_t>(fields.integer("top_k", 0, 1 << 30).value_or(0));
  sampling.min_p = static_cast<float>(fields.number("min_p", 0.0, 1.0).value_or(0.0));
  sampling.repeat_penalty =
      static_cast<float>(fields.number("repeat_penalty", 0.01, 10.0).value_or(1.0));
  request.ignore_eos = fields.boolean("ignore_eos").value_or(false);
  sampling.penalty_last_n = -1;  // OpenAI's penalties look at everything generated
  sampling.seed = request.seed.value_or(random_seed());

  if (completions) {
    if (const auto top = fields.integer("logprobs", 0, 5)) {
      request.logprobs = true;
      request.top_logprobs = static_cast<std::int32_t>(*top);
    }
  } else {
    request.logprobs = fields.boolean("logprobs").value_or(false);
    if (const auto top = fields.integer("top_logprobs", 0, 20)) {
      if (!request.logprobs) {
        throw invalid_request(
            "Invalid value for 'top_logprobs': 'logprobs' must be set to true "
            "when 'top_logprobs' is used.",
            "top_logprobs");
      }
      request.top_logprobs = static_cast<std::int32_t>(*top);
    }
  }
  sampling.top_logprobs = request.top_logprobs;
  request.user = fields.string("user").value_or("");

  // Accepted without effect: bookkeeping fields of OpenAI's platform.
  for (const char* name : {"metadata", "store", "service_tier", "parallel_tool_calls",
                           "safety_identifier", "prompt_cache_key"}) {
    fields.ignore(name);
  }
  if (const Json* bias = fields.find("logit_bias")) {
    if (!bias->is_object() || !bias->empty()) {
      throw invalid_request("'logit_bias' is not supported by this server", "logit_bias",
                            "unsupported_parameter");
    }
  }
}

// A message's content as text: a string, or an array of text parts.
std::string message_text(const Json& content, const std::string& where) {
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) {
    throw invalid_request(fmt::format("Invalid type for '{}': expected one of a string or array "
                                      "of objects, but got {}.",
                                      where, json_type_name(content)),
                          where, "invalid_type");
  }
  std::string text;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const Json& part = content[i];
    const std::string part_path = fmt::format("{}[{}]", where, i);
    if (!part.is_object()) {
      throw invalid_request(fmt::format("Invalid type for '{}': expected an object, but got {}.",
                                        part_path, json_type_name(part)),
                            part_path, "invalid_type");
    }
    FieldReader fields(part, part_path + ".");
    const std::string type = fields.required_string("type");
    if (type != "text") {
      throw invalid_request(
          fmt::format("Invalid value: '{}'. This model supports only 'text' content parts.", type),
          part_path + ".type", "invalid_value");
    }
    text += fields.required_string("text");
    fields.reject_unknown();
  }
  return text;
}

Json normalize_messages(const Json& messages) {
  if (!messages.is_array()) {
    throw invalid_request(fmt::format("Invalid type for 'messages': expected an array, but got {}.",
                                      json_type_name(messages)),
                          "messages", "invalid_type");
  }
  if (messages.empty()) {
    throw invalid_request(
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
        "empty array instead.",
        "messages", "empty_array");
  }
  Json normalized = Json::array();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const std::string where = fmt::format("messages[{}]", i);
    const Json& message = messages[i];
    if (!message.is_object()) {
      throw invalid_request(fmt::format("Invalid type for '{}': expected an object, but got {}.",
                                        where, json_type_name(message)),
                            where, "invalid_type");
    }
    FieldReader fields(message, where + ".");
    const std::string role = fields.required_string("role");
    if (role != "system" && role != "user" && role != "assistant" && role != "developer") {
      throw invalid_request(
          fmt::format("Invalid value: '{}'. Supported values are: 'system', 'developer', 'user' "
                      "and 'assistant'.",
                      role),
          where + ".role", "invalid_value");
    }
    const Json* content = fields.find("content");
    if (content == nullptr && role != "assistant") fields.require("content");
    Json out = Json::object();
    // Templates know "system"; OpenAI's newer "developer" role means the same.
    out["role"] = role == "developer" ? "system" : role;
    out["content"] =
        content == nullptr ? std::string() : message_text(*content, where + ".content");
    if (const auto name = fields.string("name")) out["name"] = *name;
    fields.ignore("refusal");
    fields.reject_unknown();
    normalized.push_back(std::move(out));
  }
  return normalized;
}

// "prompt" / "input": a string, an array of strings, an array of token ids
// or an array of arrays of token ids.
std::vector<PromptInput> read_inputs(const Json& value, const std::string& field) {
  const auto token_list = [&](const Json& array, const std::string& where) {
    std::vector<TokenId> ids;
    for (const Json& id : array) {
      if (!id.is_number_integer() && !id.is_number_unsigned()) {
        throw invalid_request(
            fmt::format("Invalid type for '{}': expected an array of integers.", where), field,
            "invalid_type");
      }
      if (!id.is_number_unsigned() && id.get<std::int64_t>() < 0) {
        throw invalid_request(fmt::format("Invalid '{}': token ids cannot be negative.", where),
                              field, "invalid_value");
      }
      const std::uint64_t raw = id.get<std::uint64_t>();
      ids.push_back(raw > static_cast<std::uint64_t>(std::numeric_limits<TokenId>::max())
                        ? std::numeric_limits<TokenId>::max()
                        : static_cast<TokenId>(raw));
    }
    return ids;
  };
  std::vector<PromptInput> inputs;
  if (value.is_string()) {
    inputs.emplace_back(value.get<std::string>());
  } else if (value.is_array() && !value.empty() && value[0].is_number()) {
    inputs.emplace_back(token_list(value, field));
  } else if (value.is_array()) {
    if (value.empty()) {
      throw invalid_request(fmt::format("Invalid '{}': empty array.", field), field, "empty_array");
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Json& item = value[i];
      const std::string where = fmt::format("{}[{}]", field, i);
      if (item.is_string()) {
        inputs.emplace_back(item.get<std::string>());
      } else if (item.is_array() && !item.empty()) {
        inputs.emplace_back(token_list(item, where));
      } else {
        throw invalid_request(fmt::format("Invalid type for '{}': expected a string or a "
                                          "non-empty array of token ids, but got {}.",
                                          where, json_type_name(item)),
                              field, "invalid_type");
      }
    }
  } else {
    throw invalid_request(fmt::format("Invalid type for '{}': expected a string or an array, but "
                                      "got {}.",
                                      field, json_type_name(value)),
                          field, "invalid_type");
  }
  return inputs;
}

}  // namespace

ChatCompletionRequest parse_chat_request(const Json& body) {
  FieldReader fields(body);
  ChatCompletionRequest request;
  read_generation_fields(fields, request, false);
  request.messages = normalize_messages(fields.require("messages"));
  if (const Json* format = fields.find("response_format")) {
    const Json* type =
        format->is_object() && format->contains("type") ? &(*format)["type"] : nullptr;
    if (type == nullptr || !type->is_string() ||
        (*type != "text" && *type != "json_object" && *type != "json_schema")) {
      throw invalid_request(
          "Invalid 'response_format': expected an object whose 'type' is 'text', "
          "'json_object' or 'json_schema'.",
          "response_format", "invalid_value");
    }
    if (*type == "json_schema" &&
        !(format->contains("json_schema") && (*format)["json_schema"].is_object())) {
      throw invalid_request("Missing required parameter: 'response_format.json_schema'.",
                            "response_format", "missing_required_parameter");
    }
    if (*type != "text") request.response_format = *format;
  }
  for (const char* name : {"tools", "tool_choice", "functions", "function_call", "audio",
                           "modalities", "prediction", "web_search_options"}) {
    if (fields.find(name) != nullptr) {
      throw invalid_request(fmt::format("'{}' is not supported by this server", name), name,
                            "unsupported_parameter");
    }
  }
  fields.ignore("reasoning_effort");
  if (const Json* kwargs = fields.find("chat_template_kwargs")) {
    if (!kwargs->is_object()) {
      throw invalid_request("Invalid type for 'chat_template_kwargs': expected an object.",
                            "chat_template_kwargs", "invalid_type");
    }
    request.template_kwargs = *kwargs;
  }
  fields.reject_unknown();
  return request;
}

CompletionRequest parse_completion_request(const Json& body) {
  FieldReader fields(body);
  CompletionRequest request;
  read_generation_fields(fields, request, true);
  request.prompts = read_inputs(fields.require("prompt"), "prompt");
  request.echo = fields.boolean("echo").value_or(false);
  if (request.echo && request.logprobs) {
    // OpenAI then scores the prompt's tokens too; the engine computes logits
    // for a prompt's last token only.
    throw invalid_request(
        "'echo' with 'logprobs' (log-probabilities of the prompt) is not "
        "supported by this server",
        "echo", "unsupported_parameter");
  }
  if (const auto best_of = fields.integer("best_of", 1, 20); best_of && *best_of != request.n) {
    throw invalid_request("'best_of' other than 'n' is not supported by this server", "best_of",
                          "unsupported_parameter");
  }
  if (const auto suffix = fields.string("suffix"); suffix && !suffix->empty()) {
    throw invalid_request("'suffix' is not supported by this server", "suffix",
                          "unsupported_parameter");
  }
  fields.reject_unknown();
  return request;
}

EmbeddingRequest parse_embedding_request(const Json& body) {
  FieldReader fields(body);
  EmbeddingRequest request;
  request.model = fields.required_string("model");
  request.inputs = read_inputs(fields.require("input"), "input");
  for (const PromptInput& input : request.inputs) {
    if (const auto* text = std::get_if<std::string>(&input); text && text->empty()) {
      throw invalid_request("'input' cannot be an empty string.", "input", "invalid_value");
    }
  }
  if (const auto format = fields.string("encoding_format")) {
    if (*format != "float" && *format != "base64") {
      throw invalid_request(fmt::format("Invalid value: '{}'. Supported values are: 'float' and "
                                        "'base64'.",
                                        *format),
                            "encoding_format", "invalid_value");
    }
    request.base64 = *format == "base64";
  }
  request.dimensions = fields.integer("dimensions", 1, 1 << 20);
  request.user = fields.string("user").value_or("");
  fields.reject_unknown();
  return request;
}

}  // namespace hearth::server
