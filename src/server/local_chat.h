// A chat request answered by a local model.
#pragma once

#include <cstdint>
#include <vector>

#include "chat_responder.h"
#include "endpoints.h"
#include "generation_runner.h"
#include "hearth/route/confidence.h"

namespace hearth::server {

struct LocalChatResult {
  RunOutcome outcome = RunOutcome::finished;
  std::vector<ChoiceAnswer> choices;
  Json usage;
  Json timings;
  // The first choice's confidence signals (when asked for).
  route::ConfidenceScore score;
  // The error to answer with when the run was cut short (timeout, shutdown).
  std::optional<ApiError> error;
};

// The chat template's tokens for the request's messages; 400 when the
// template refuses them.
std::vector<TokenId> chat_prompt(const engine::Model& model, const ChatCompletionRequest& request);

// Runs the request on `lease`'s model. With `relay`, content streams to the
// responder as it is generated (a streaming request); otherwise the answer
// is only collected. With `score_alternatives` > 0, that many alternatives
// per token are computed for the confidence score even when the client
// asked for no logprobs (they are not shown then).
LocalChatResult run_local_chat(ServerContext& context, ModelLease& lease,
                               const ChatCompletionRequest& request, std::vector<TokenId> prompt,
                               http::Exchange& exchange, ChatResponder& responder, bool relay,
                               std::int32_t score_alternatives);

}  // namespace hearth::server
