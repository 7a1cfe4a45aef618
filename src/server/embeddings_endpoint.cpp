// POST /v1/embeddings: pooled final hidden states of the named model, with
// the pooling its file declares (mean when it declares none).
#include <fmt/format.h>

#include "api_error.h"
#include "endpoints.h"
#include "gateway.h"
#include "generation_runner.h"
#include "hearth/util/error.h"
#include "openai_requests.h"
#include "openai_responses.h"

namespace hearth::server {

void handle_embeddings(ServerContext& context, const RequestScope& scope,
                       const http::Request& http_request, http::Exchange& exchange) {
  const EmbeddingRequest request = parse_embedding_request(parse_body(http_request.body));
  ModelLease lease = context.registry.acquire(scope.gateway->local_model_for(request.model));
  engine::Scheduler& scheduler = lease.scheduler();
  const engine::Model& model = scheduler.model();
  const std::uint32_t n_embd = model.hyperparameters().n_embd;
  if (request.dimensions && *request.dimensions != n_embd) {
    throw invalid_request(fmt::format("This model's embeddings have {} dimensions and cannot be "
                                      "shortened; 'dimensions' must be {} or absent.",
                                      n_embd, n_embd),
                          "dimensions", "invalid_value");
  }
  const engine::Pooling pooling = engine::model_pooling(model);
  const tokenizer::Tokenizer& tokenizer = model.tokenizer();

  std::vector<std::shared_ptr<engine::RequestHandle>> handles;
  std::uint64_t prompt_tokens = 0;
  const auto cancel_all = [&] {
    for (const auto& handle : handles) handle->cancel();
  };
  try {
    for (std::size_t i = 0; i < request.inputs.size(); ++i) {
      std::vector<TokenId> tokens;
      if (const auto* text = std::get_if<std::string>(&request.inputs[i])) {
        tokens = tokenizer.encode(*text);
      } else {
        tokens = std::get<std::vector<TokenId>>(request.inputs[i]);
      }
      if (tokens.size() > scheduler.context_length()) {
        throw invalid_request(
            fmt::format("This model's maximum context length is {} tokens, however input {} has "
                        "{} tokens.",
                        scheduler.context_length(), i, tokens.size()),
            "input", "context_length_exceeded");
      }
      prompt_tokens += tokens.size();
      handles.push_back(scheduler.submit_embedding(std::move(tokens), pooling));
    }
  } catch (const Error& error) {
    cancel_all();
    throw submission_error(error, "input");
  } catch (...) {
    cancel_all();
    throw;
  }

  Json data = Json::array();
  for (std::size_t i = 0; i < handles.size(); ++i) {
    std::optional<engine::RequestEvent> event;
    while (!(event = handles[i]->next(std::chrono::milliseconds(25)))) {
      if (exchange.client_gone()) {
        cancel_all();
        return;
      }
    }
    const engine::Finished& finished = std::get<engine::Finished>(*event);
    if (finished.error) throw ApiError(500, "server_error", finished.error->message());
    if (finished.finish_reason == engine::FinishReason::cancelled) {
      throw *cut_short_error(RunOutcome::cancelled);
    }
    Json entry = Json::object();
    entry["object"] = "embedding";
    entry["index"] = i;
    if (request.base64) {
      entry["embedding"] = base64_floats(finished.embedding);
    } else {
      entry["embedding"] = finished.embedding;
    }
    data.push_back(std::move(entry));
  }
  context.metrics.count_tokens(request.model, prompt_tokens, 0, 0);
  Json body = Json::object();
  body["object"] = "list";
  body["data"] = std::move(data);
  body["model"] = request.model;
  body["usage"] = {{"prompt_tokens", prompt_tokens}, {"total_tokens", prompt_tokens}};
  exchange.respond(json_response(200, body));
}

}  // namespace hearth::server
