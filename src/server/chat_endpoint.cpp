// POST /v1/chat/completions.
#include <fmt/format.h>

#include "api_error.h"
#include "endpoints.h"
#include "generation_runner.h"
#include "hearth/chat/conversation.h"
#include "hearth/engine/chat_prompt.h"
#include "hearth/util/error.h"
#include "openai_responses.h"

namespace hearth::server {
namespace {

std::vector<TokenId> render_prompt(const engine::Model& model,
                                   const ChatCompletionRequest& request) {
  chat::ChatRequest chat;
  chat.messages = request.messages;
  chat.extra_context = request.template_kwargs;
  try {
    return engine::chat_prompt_tokens(model, chat);
  } catch (const Error& error) {
    throw invalid_request(
        fmt::format("the model's chat template refused the messages: {}", error.message()),
        "messages");
  }
}

Json chunk_object(const std::string& id, std::int64_t created, const std::string& model,
                  bool include_usage) {
  Json chunk = response_object("chat.completion.chunk", id, created, model);
  // With include_usage, every chunk has "usage": null but the last.
  if (include_usage) chunk["usage"] = nullptr;
  return chunk;
}

}  // namespace

void handle_chat_completions(ServerContext& context, const http::Request& http_request,
                             http::Exchange& exchange) {
  const ChatCompletionRequest request = parse_chat_request(parse_body(http_request.body));
  const engine::GenerationOptions options = generation_options(context, request);
  ModelLease lease = context.registry.acquire(request.model);
  const engine::Model& model = lease.scheduler().model();
  const tokenizer::Tokenizer& tokenizer = model.tokenizer();
  std::vector<TokenId> prompt = render_prompt(model, request);

  const std::string id = random_id("chatcmpl-");
  const std::int64_t created = unix_time_now();

  if (!request.stream) {
    RunResult run = run_choices(context, lease, std::move(prompt), options, request.n, exchange,
                                [](std::size_t, const engine::TokenChunk&) {});
    record_run(context, request.model, run);
    if (run.outcome == RunOutcome::client_gone) return;
    if (const std::optional<ApiError> error = cut_short_error(run.outcome)) throw *error;
    Json choices = Json::array();
    for (std::size_t i = 0; i < run.choices.size(); ++i) {
      const ChoiceResult& choice = run.choices[i];
      Json entry = Json::object();
      entry["index"] = i;
      entry["message"] = {{"role", "assistant"}, {"content", choice.text}, {"refusal", nullptr}};
      if (request.logprobs) {
        Json content = Json::array();
        for (const sampling::SampledToken& token : choice.tokens) {
          content.push_back(chat_logprob_json(tokenizer, token));
        }
        entry["logprobs"] = {{"content", std::move(content)}, {"refusal", nullptr}};
      } else {
        entry["logprobs"] = nullptr;
      }
      entry["finish_reason"] = openai_finish_reason(choice.finished.finish_reason);
      choices.push_back(std::move(entry));
    }
    Json body = response_object("chat.completion", id, created, request.model);
    body["choices"] = std::move(choices);
    body["usage"] = usage_json(run.prompt_tokens, run.cached_tokens, run.completion_tokens);
    body["timings"] = timings_json(run.choices.front().finished);
    exchange.respond(json_response(200, body));
    return;
  }

  // Streaming: the stream starts only once the request is accepted (a full
  // queue is still a 429), with each choice's role chunk.
  bool started = false;
  const auto start = [&] {
    if (started) return;
    started = true;
    start_event_stream(exchange);
    for (std::int64_t i = 0; i < request.n; ++i) {
      Json chunk = chunk_object(id, created, request.model, request.include_usage);
      chunk["choices"] = Json::array({{{"index", i},
                                       {"delta", {{"role", "assistant"}, {"content", ""}}},
                                       {"logprobs", nullptr},
                                       {"finish_reason", nullptr}}});
      exchange.write(sse_event(chunk));
    }
  };
  RunResult run = run_choices(
      context, lease, std::move(prompt), options, request.n, exchange,
      [&](std::size_t choice, const engine::TokenChunk& token_chunk) {
        start();
        const bool with_logprobs = request.logprobs && !token_chunk.flush;
        if (token_chunk.text.empty() && !with_logprobs) return;
        Json chunk = chunk_object(id, created, request.model, request.include_usage);
        Json entry = Json::object();
        entry["index"] = choice;
        entry["delta"] = {{"content", token_chunk.text}};
        if (with_logprobs) {
          entry["logprobs"] = {
              {"content", Json::array({chat_logprob_json(tokenizer, token_chunk.token)})},
              {"refusal", nullptr}};
        } else {
          entry["logprobs"] = nullptr;
        }
        entry["finish_reason"] = nullptr;
        chunk["choices"] = Json::array({std::move(entry)});
        exchange.write(sse_event(chunk));
      });
  record_run(context, request.model, run);
  if (run.outcome == RunOutcome::client_gone) return;
  start();
  if (const std::optional<ApiError> error = cut_short_error(run.outcome)) {
    // The status is sent: the error goes in the stream, as OpenAI's does,
    // and the stream ends without [DONE].
    exchange.write(sse_event(error->to_json()));
    exchange.finish();
    return;
  }
  for (std::size_t i = 0; i < run.choices.size(); ++i) {
    Json chunk = chunk_object(id, created, request.model, request.include_usage);
    chunk["choices"] = Json::array(
        {{{"index", i},
          {"delta", Json::object()},
          {"logprobs", nullptr},
          {"finish_reason", openai_finish_reason(run.choices[i].finished.finish_reason)}}});
    exchange.write(sse_event(chunk));
  }
  if (request.include_usage) {
    Json chunk = chunk_object(id, created, request.model, request.include_usage);
    chunk["choices"] = Json::array();
    chunk["usage"] = usage_json(run.prompt_tokens, run.cached_tokens, run.completion_tokens);
    chunk["timings"] = timings_json(run.choices.front().finished);
    exchange.write(sse_event(chunk));
  }
  exchange.write(kSseDone);
  exchange.finish();
}

}  // namespace hearth::server
