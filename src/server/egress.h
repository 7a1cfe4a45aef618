// Sending a chat request out: the privacy boundary and the audit log around
// the remote providers of a decision's fallback chain.
//
// For each provider tried: the messages are pseudonymized (the policy's
// operators; placeholders kept in a vault that lives only for this request),
// the redacted request is recorded in the audit log before it leaves, the
// answer is restored on its way back (also while streaming), and the outcome
// is recorded. A provider that fails before any text reached the client
// hands over to the next one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chat_responder.h"
#include "endpoints.h"
#include "gateway.h"
#include "hearth/privacy/entity.h"
#include "hearth/route/router.h"

namespace hearth::server {

struct EgressResult {
  bool answered = false;  // false: every provider failed before any text was sent
  ChoiceAnswer answer;    // restored
  Json usage;
  std::string provider;
  std::vector<std::string> failures;  // "provider: what went wrong", in order
  // The error to end with when the call failed after text had been sent, or
  // the client left (then nothing more is written).
  std::optional<ApiError> error;
  bool client_gone = false;
};

// messages: the request's messages; findings: each message content's
// findings (Scanner::scan), in the same order.
EgressResult send_remote(ServerContext& context, const Gateway& gateway, const ApiKey& key,
                         const route::RouteDecision& decision, const ChatCompletionRequest& request,
                         const std::vector<std::vector<privacy::Finding>>& findings,
                         http::Exchange& exchange, ChatResponder& responder);

}  // namespace hearth::server
