// Writes one chat completion to the client, whoever produced it — the local
// model, a remote provider or the cache: as one JSON body, or as a stream of
// server-sent event chunks in OpenAI's shape (role chunk, content deltas,
// finish chunks, the usage chunk with stream_options.include_usage, [DONE]).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api_error.h"
#include "hearth/http/server.h"
#include "json_fields.h"
#include "openai_requests.h"

namespace hearth::server {

struct ChoiceAnswer {
  std::string text;
  std::string finish_reason = "stop";
  Json logprobs = nullptr;  // {"content": [...], "refusal": null} or null
};

class ChatResponder {
 public:
  ChatResponder(http::Exchange& exchange, const ChatCompletionRequest& request);

  // Headers sent with the answer (or with an error answered before it):
  // x-hearth-route and friends. Later calls replace a header of the same name.
  void set_header(std::string name, std::string value);
  void remove_header(std::string_view name);
  const std::vector<http::Header>& headers() const noexcept { return headers_; }

  bool streaming() const noexcept { return stream_; }
  bool started() const noexcept { return started_; }

  // Streaming only: sends the stream's start (once) and a content delta for
  // one choice; logprobs is one token's entry or null. Returns false once
  // the client is gone.
  bool delta(std::size_t choice, std::string_view text, const Json& logprob = nullptr);

  // The end: a stream gets each choice's finish chunk (and the deltas of
  // text it was never sent — a non-streamed source), the usage chunk when
  // asked for, and [DONE]; otherwise the whole body goes out. `extra` fields
  // are added to the top level (timings) and to usage (`usage_extra`).
  void complete(const std::vector<ChoiceAnswer>& choices, Json usage, const Json& extra,
                bool text_already_streamed);

  // An error: before the answer started it is thrown (the router answers
  // it with the headers set here); after, it ends the stream as an error
  // event, as OpenAI's streams do.
  void fail(ApiError error);

  // The non-streamed body `complete` would send (for the cache).
  Json body(const std::vector<ChoiceAnswer>& choices, const Json& usage, const Json& extra) const;

 private:
  void start();
  Json chunk() const;

  http::Exchange& exchange_;
  const ChatCompletionRequest& request_;
  std::string id_;
  std::int64_t created_;
  bool stream_;
  bool started_ = false;
  std::vector<http::Header> headers_;
};

}  // namespace hearth::server
