// POST /v1/completions (the legacy text completion endpoint).
#include <fmt/format.h>

#include "api_error.h"
#include "endpoints.h"
#include "gateway.h"
#include "generation_runner.h"
#include "openai_responses.h"

namespace hearth::server {
namespace {

std::vector<TokenId> prompt_tokens(const tokenizer::Tokenizer& tokenizer, const PromptInput& input,
                                   std::string& text) {
  if (const auto* string = std::get_if<std::string>(&input)) {
    text = *string;
    std::vector<TokenId> tokens = tokenizer.encode(*string);
    if (tokens.empty()) throw invalid_request("the prompt is empty", "prompt");
    return tokens;
  }
  const auto& ids = std::get<std::vector<TokenId>>(input);
  const std::size_t n_vocab = tokenizer.vocabulary().size();
  for (TokenId id : ids) {
    if (id < 0 || static_cast<std::size_t>(id) >= n_vocab) {
      throw invalid_request(
          fmt::format("Invalid 'prompt': token id {} is outside the vocabulary of {}", id, n_vocab),
          "prompt", "invalid_value");
    }
  }
  text = tokenizer.decode(ids);
  return ids;
}

Json completion_object(const std::string& id, std::int64_t created, const std::string& model,
                       bool include_usage = false) {
  Json body = response_object("text_completion", id, created, model);
  if (include_usage) body["usage"] = nullptr;
  return body;
}

}  // namespace

void handle_completions(ServerContext& context, const RequestScope& scope,
                        const http::Request& http_request, http::Exchange& exchange) {
  const CompletionRequest request = parse_completion_request(parse_body(http_request.body));
  const engine::GenerationOptions options = generation_options(context, request);
  ModelLease lease = context.registry.acquire(scope.gateway->local_model_for(request.model));
  const tokenizer::Tokenizer& tokenizer = lease.scheduler().model().tokenizer();
  const std::string id = random_id("cmpl-");
  const std::int64_t created = unix_time_now();

  // Each prompt runs its n choices; choice indexes follow prompt order.
  std::vector<std::string> texts(request.prompts.size());
  std::vector<std::vector<TokenId>> prompts;
  for (std::size_t p = 0; p < request.prompts.size(); ++p) {
    prompts.push_back(prompt_tokens(tokenizer, request.prompts[p], texts[p]));
  }

  bool started = false;
  const auto start = [&] {
    if (started) return;
    started = true;
    start_event_stream(exchange);
  };
  Json choices = Json::array();
  std::uint64_t prompt_total = 0, cached_total = 0, completion_total = 0;
  std::optional<engine::Finished> first_finished;
  for (std::size_t p = 0; p < prompts.size(); ++p) {
    const std::size_t base = p * static_cast<std::size_t>(request.n);
    if (request.stream && request.echo) {
      start();
      for (std::int64_t i = 0; i < request.n; ++i) {
        Json chunk = completion_object(id, created, request.model, request.include_usage);
        chunk["choices"] = Json::array({{{"text", texts[p]},
                                         {"index", base + static_cast<std::size_t>(i)},
                                         {"logprobs", nullptr},
                                         {"finish_reason", nullptr}}});
        exchange.write(sse_event(chunk));
      }
    }
    std::vector<std::size_t> offsets(static_cast<std::size_t>(request.n),
                                     request.echo ? texts[p].size() : 0);
    RunResult run = run_choices(
        context, lease, prompts[p], options, request.n, exchange,
        [&](std::size_t choice, const engine::TokenChunk& token_chunk) {
          if (!request.stream) return;
          start();
          const bool with_logprobs = request.logprobs && !token_chunk.flush;
          if (token_chunk.text.empty() && !with_logprobs) return;
          Json chunk = completion_object(id, created, request.model, request.include_usage);
          Json entry = {{"text", token_chunk.text}, {"index", base + choice}};
          if (with_logprobs) {
            entry["logprobs"] = completion_logprobs_json(
                tokenizer, std::span(&token_chunk.token, 1), offsets[choice]);
          } else {
            entry["logprobs"] = nullptr;
          }
          offsets[choice] += token_chunk.text.size();
          entry["finish_reason"] = nullptr;
          chunk["choices"] = Json::array({std::move(entry)});
          exchange.write(sse_event(chunk));
        });
    record_run(context, request.model, run);
    if (run.outcome == RunOutcome::client_gone) return;
    if (const std::optional<ApiError> error = cut_short_error(run.outcome)) {
      if (!request.stream) throw *error;
      start();
      exchange.write(sse_event(error->to_json()));
      exchange.finish();
      return;
    }
    prompt_total += run.prompt_tokens;
    cached_total += run.cached_tokens;
    completion_total += run.completion_tokens;
    if (!first_finished) first_finished = run.choices.front().finished;
    for (std::size_t i = 0; i < run.choices.size(); ++i) {
      const ChoiceResult& choice = run.choices[i];
      const std::string_view reason = openai_finish_reason(choice.finished.finish_reason);
      if (request.stream) {
        start();
        Json chunk = completion_object(id, created, request.model, request.include_usage);
        chunk["choices"] = Json::array({{{"text", ""},
                                         {"index", base + i},
                                         {"logprobs", nullptr},
                                         {"finish_reason", reason}}});
        exchange.write(sse_event(chunk));
        continue;
      }
      Json entry = Json::object();
      entry["text"] = request.echo ? texts[p] + choice.text : choice.text;
      entry["index"] = base + i;
      entry["logprobs"] = request.logprobs
                              ? completion_logprobs_json(tokenizer, choice.tokens,
                                                         request.echo ? texts[p].size() : 0)
                              : Json();
      entry["finish_reason"] = reason;
      choices.push_back(std::move(entry));
    }
  }
  if (request.stream) {
    start();
    if (request.include_usage) {
      Json chunk = completion_object(id, created, request.model, request.include_usage);
      chunk["choices"] = Json::array();
      chunk["usage"] = usage_json(prompt_total, cached_total, completion_total);
      exchange.write(sse_event(chunk));
    }
    exchange.write(kSseDone);
    exchange.finish();
    return;
  }
  Json body = completion_object(id, created, request.model);
  body["choices"] = std::move(choices);
  body["usage"] = usage_json(prompt_total, cached_total, completion_total);
  body["timings"] = timings_json(*first_finished);
  exchange.respond(json_response(200, body));
}

}  // namespace hearth::server
