// Runs the n choices of one chat or completions request on a model's
// scheduler and relays their events to the handler, watching the client,
// the deadline and the server while they run.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api_error.h"
#include "endpoints.h"
#include "hearth/engine/scheduler.h"
#include "hearth/util/error.h"
#include "openai_requests.h"

namespace hearth::server {

struct ChoiceResult {
  std::string text;
  std::vector<sampling::SampledToken> tokens;  // generated tokens, in order
  engine::Finished finished;
};

enum class RunOutcome {
  finished,     // every choice ended by itself (stop, length)
  client_gone,  // the client disconnected: the work was cancelled
  timed_out,    // the request timeout cut it short
  cancelled,    // the server cancelled it (shutdown)
};

struct RunResult {
  RunOutcome outcome = RunOutcome::finished;
  std::vector<ChoiceResult> choices;
  std::uint64_t prompt_tokens = 0;  // the prompt's tokens (counted once)
  std::uint64_t cached_tokens = 0;
  std::uint64_t completion_tokens = 0;  // all choices
};

// The engine options a request asks for; max_tokens is bounded by the
// server's cap (400 above it). Throws ApiError.
engine::GenerationOptions generation_options(const ServerContext& context,
                                             const GenerationRequest& request);

// Submits `n` choices of `prompt` (choice i seeded with seed + i) and waits
// for them, calling `on_chunk(choice, chunk)` for every token event as it
// arrives. Throws ApiError 400 for a prompt the model cannot take, 429 when
// the queue is full, 503 while shutting down — before anything ran.
RunResult run_choices(
    ServerContext& context, ModelLease& lease, std::vector<TokenId> prompt,
    const engine::GenerationOptions& options, std::int64_t n, http::Exchange& exchange,
    const std::function<void(std::size_t choice, const engine::TokenChunk& chunk)>& on_chunk);

// The answer to a scheduler refusing a submission: 429 (Retry-After) for a
// full queue, 503 while shutting down, else 400 (naming `param` if given).
ApiError submission_error(const Error& error, std::optional<std::string> param);

// The error a run cut short by the server answers with: 408 after the
// request timeout, 503 (Retry-After) when shutdown cancelled it; nullopt for
// runs that finished by themselves (or whose client left).
std::optional<ApiError> cut_short_error(RunOutcome outcome);

// Counts a finished run's tokens and timings in the metrics.
void record_run(ServerContext& context, const std::string& model, const RunResult& run);

}  // namespace hearth::server
