#include "chat_responder.h"

#include "endpoints.h"
#include "openai_responses.h"

namespace hearth::server {

ChatResponder::ChatResponder(http::Exchange& exchange, const ChatCompletionRequest& request)
    : exchange_(exchange),
      request_(request),
      id_(random_id("chatcmpl-")),
      created_(unix_time_now()),
      stream_(request.stream) {}

void ChatResponder::set_header(std::string name, std::string value) {
  for (http::Header& header : headers_) {
    if (header.name == name) {
      header.value = std::move(value);
      return;
    }
  }
  headers_.push_back({std::move(name), std::move(value)});
}

void ChatResponder::remove_header(std::string_view name) {
  std::erase_if(headers_, [&](const http::Header& header) { return header.name == name; });
}

Json ChatResponder::chunk() const {
  Json chunk = response_object("chat.completion.chunk", id_, created_, request_.model);
  // With include_usage, every chunk has "usage": null but the last.
  if (request_.include_usage) chunk["usage"] = nullptr;
  return chunk;
}

void ChatResponder::start() {
  if (started_) return;
  started_ = true;
  std::vector<http::Header> headers = {{"Content-Type", "text/event-stream"},
                                       {"Cache-Control", "no-cache"},
                                       {"X-Accel-Buffering", "no"}};
  headers.insert(headers.end(), headers_.begin(), headers_.end());
  exchange_.start_stream(200, headers);
  for (std::int64_t i = 0; i < request_.n; ++i) {
    Json role = chunk();
    role["choices"] = Json::array({{{"index", i},
                                    {"delta", {{"role", "assistant"}, {"content", ""}}},
                                    {"logprobs", nullptr},
                                    {"finish_reason", nullptr}}});
    exchange_.write(sse_event(role));
  }
}

bool ChatResponder::delta(std::size_t choice, std::string_view text, const Json& logprob) {
  start();
  if (text.empty() && logprob.is_null()) return !exchange_.client_gone();
  Json entry = Json::object();
  entry["index"] = choice;
  entry["delta"] = {{"content", text}};
  if (logprob.is_null()) {
    entry["logprobs"] = nullptr;
  } else {
    entry["logprobs"] = {{"content", Json::array({logprob})}, {"refusal", nullptr}};
  }
  entry["finish_reason"] = nullptr;
  Json event = chunk();
  event["choices"] = Json::array({std::move(entry)});
  return exchange_.write(sse_event(event));
}

Json ChatResponder::body(const std::vector<ChoiceAnswer>& choices, const Json& usage,
                         const Json& extra) const {
  Json list = Json::array();
  for (std::size_t i = 0; i < choices.size(); ++i) {
    Json entry = Json::object();
    entry["index"] = i;
    entry["message"] = {{"role", "assistant"}, {"content", choices[i].text}, {"refusal", nullptr}};
    entry["logprobs"] = choices[i].logprobs;
    entry["finish_reason"] = choices[i].finish_reason;
    list.push_back(std::move(entry));
  }
  Json body = response_object("chat.completion", id_, created_, request_.model);
  body["choices"] = std::move(list);
  body["usage"] = usage;
  if (extra.is_object()) {
    for (const auto& [name, value] : extra.items()) body[name] = value;
  }
  return body;
}

void ChatResponder::complete(const std::vector<ChoiceAnswer>& choices, Json usage,
                             const Json& extra, bool text_already_streamed) {
  if (!stream_) {
    http::Response response = json_response(200, body(choices, usage, extra));
    response.headers.insert(response.headers.end(), headers_.begin(), headers_.end());
    exchange_.respond(response);
    return;
  }
  start();
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (!text_already_streamed) delta(i, choices[i].text);
    Json event = chunk();
    event["choices"] = Json::array({{{"index", i},
                                     {"delta", Json::object()},
                                     {"logprobs", nullptr},
                                     {"finish_reason", choices[i].finish_reason}}});
    exchange_.write(sse_event(event));
  }
  if (request_.include_usage) {
    Json event = chunk();
    event["choices"] = Json::array();
    event["usage"] = std::move(usage);
    if (extra.is_object()) {
      for (const auto& [name, value] : extra.items()) event[name] = value;
    }
    exchange_.write(sse_event(event));
  }
  exchange_.write(kSseDone);
  exchange_.finish();
}

void ChatResponder::fail(ApiError error) {
  if (!started_) {
    for (const http::Header& header : headers_) error.headers.push_back(header);
    throw error;
  }
  exchange_.write(sse_event(error.to_json()));
  exchange_.finish();
}

}  // namespace hearth::server
