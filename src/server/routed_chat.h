// A chat request that names a route ("auto") or a remote provider
// (`remote:NAME[/MODEL]`): scanned for sensitive data, routed LOCAL, REMOTE
// or REFUSE (see route::Router), answered, and the decision reported in the
// x-hearth-route and x-hearth-reason headers and the metrics.
#pragma once

#include "chat_responder.h"
#include "endpoints.h"

namespace hearth::server {

struct ChatOutcome {
  bool complete = false;  // a whole answer went out (it may be cached)
  std::vector<ChoiceAnswer> choices;
  Json usage;
  std::string route;
  std::string reason;
};

ChatOutcome run_routed_chat(ServerContext& context, const RequestScope& scope,
                            const ChatCompletionRequest& request, http::Exchange& exchange,
                            ChatResponder& responder, std::string_view task);

}  // namespace hearth::server
