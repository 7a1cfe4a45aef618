#include "local_chat.h"

#include <fmt/format.h>

#include <algorithm>

#include "hearth/chat/conversation.h"
#include "hearth/engine/chat_prompt.h"
#include "hearth/util/error.h"
#include "openai_responses.h"

namespace hearth::server {
namespace {

// The token as the client asked to see it: its own top_logprobs count.
sampling::SampledToken as_requested(const sampling::SampledToken& token, std::int32_t top) {
  sampling::SampledToken shown = token;
  if (shown.top.size() > static_cast<std::size_t>(top)) shown.top.resize(top);
  return shown;
}

route::ConfidenceScore score_choice(const ChoiceResult& choice) {
  std::vector<std::vector<float>> alternatives;
  alternatives.reserve(choice.tokens.size());
  std::vector<route::TokenScore> scores;
  scores.reserve(choice.tokens.size());
  for (const sampling::SampledToken& token : choice.tokens) {
    std::vector<float>& top = alternatives.emplace_back();
    for (const sampling::TokenLogprob& alternative : token.top) top.push_back(alternative.logprob);
  }
  for (std::size_t i = 0; i < choice.tokens.size(); ++i) {
    scores.push_back({choice.tokens[i].logprob, alternatives[i]});
  }
  return route::score_tokens(scores);
}

}  // namespace

std::vector<TokenId> chat_prompt(const engine::Model& model, const ChatCompletionRequest& request) {
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

LocalChatResult run_local_chat(ServerContext& context, ModelLease& lease,
                               const ChatCompletionRequest& request, std::vector<TokenId> prompt,
                               http::Exchange& exchange, ChatResponder& responder, bool relay,
                               std::int32_t score_alternatives) {
  engine::GenerationOptions options = generation_options(context, request);
  const std::int32_t shown_alternatives = request.logprobs ? request.top_logprobs : 0;
  options.sampling.top_logprobs = std::max(shown_alternatives, score_alternatives);
  const tokenizer::Tokenizer& tokenizer = lease.scheduler().model().tokenizer();

  RunResult run = run_choices(context, lease, std::move(prompt), options, request.n, exchange,
                              [&](std::size_t choice, const engine::TokenChunk& chunk) {
                                if (!relay) return;
                                Json logprob = nullptr;
                                if (request.logprobs && !chunk.flush) {
                                  logprob = chat_logprob_json(
                                      tokenizer, as_requested(chunk.token, shown_alternatives));
                                }
                                responder.delta(choice, chunk.text, logprob);
                              });
  record_run(context, lease.id(), run);

  LocalChatResult result;
  result.outcome = run.outcome;
  result.error = cut_short_error(run.outcome);
  if (run.outcome != RunOutcome::finished) return result;
  for (const ChoiceResult& choice : run.choices) {
    ChoiceAnswer answer;
    answer.text = choice.text;
    answer.finish_reason = std::string(openai_finish_reason(choice.finished.finish_reason));
    if (request.logprobs) {
      Json content = Json::array();
      for (const sampling::SampledToken& token : choice.tokens) {
        content.push_back(chat_logprob_json(tokenizer, as_requested(token, shown_alternatives)));
      }
      answer.logprobs = {{"content", std::move(content)}, {"refusal", nullptr}};
    }
    result.choices.push_back(std::move(answer));
  }
  result.usage = usage_json(run.prompt_tokens, run.cached_tokens, run.completion_tokens);
  result.timings = timings_json(run.choices.front().finished);
  if (score_alternatives > 0) result.score = score_choice(run.choices.front());
  return result;
}

}  // namespace hearth::server
