#include "generation_runner.h"

#include <fmt/format.h>

#include "api_error.h"
#include "hearth/util/error.h"

namespace hearth::server {
namespace {

using Clock = std::chrono::steady_clock;

// How long one wait for an event lasts before the client and the deadline
// are checked again.
constexpr std::chrono::milliseconds kPollInterval{25};

}  // namespace

engine::GenerationOptions generation_options(const ServerContext& context,
                                             const GenerationRequest& request) {
  engine::GenerationOptions options;
  const std::int64_t cap = context.config.max_tokens;
  if (request.max_tokens && *request.max_tokens > cap) {
    throw invalid_request(fmt::format("max_tokens is too large: {}. This server allows at most {} "
                                      "completion tokens.",
                                      *request.max_tokens, cap),
                          "max_tokens", "invalid_value");
  }
  options.max_tokens = static_cast<std::int32_t>(request.max_tokens.value_or(cap));
  options.sampling = request.sampling;
  options.stop = request.stop;
  options.ignore_eos = request.ignore_eos;
  return options;
}

RunResult run_choices(
    ServerContext& context, ModelLease& lease, std::vector<TokenId> prompt,
    const engine::GenerationOptions& options, std::int64_t n, http::Exchange& exchange,
    const std::function<void(std::size_t choice, const engine::TokenChunk& chunk)>& on_chunk) {
  engine::Scheduler& scheduler = lease.scheduler();
  if (prompt.size() >= scheduler.context_length()) {
    throw invalid_request(
        fmt::format("This model's maximum context length is {} tokens. However, your request "
                    "has {} prompt tokens. Please reduce the length of the prompt.",
                    scheduler.context_length(), prompt.size()),
        "messages", "context_length_exceeded");
  }
  RunResult run;
  run.prompt_tokens = prompt.size();
  std::vector<std::shared_ptr<engine::RequestHandle>> handles;
  const auto cancel_all = [&] {
    for (const auto& handle : handles) handle->cancel();
  };
  try {
    for (std::int64_t i = 0; i < n; ++i) {
      engine::GenerationOptions choice_options = options;
      choice_options.sampling.seed = options.sampling.seed + static_cast<std::uint64_t>(i);
      handles.push_back(scheduler.submit(prompt, choice_options));
    }
  } catch (const Error& error) {
    cancel_all();
    throw submission_error(error, std::nullopt);
  }

  run.choices.resize(handles.size());
  std::vector<bool> done(handles.size(), false);
  std::size_t remaining = handles.size();
  const Clock::time_point deadline = Clock::now() + context.config.request_timeout;
  bool cut = false;
  while (remaining > 0) {
    bool waited = false;
    for (std::size_t i = 0; i < handles.size(); ++i) {
      if (done[i]) continue;
      // Drain what is ready; wait only on the first unfinished choice.
      std::optional<engine::RequestEvent> event =
          handles[i]->next(waited ? std::chrono::milliseconds(0) : kPollInterval);
      waited = true;
      while (event) {
        if (auto* chunk = std::get_if<engine::TokenChunk>(&*event)) {
          ChoiceResult& choice = run.choices[i];
          if (!chunk->flush) choice.tokens.push_back(chunk->token);
          choice.text += chunk->text;
          if (!cut) on_chunk(i, *chunk);
        } else {
          run.choices[i].finished = std::get<engine::Finished>(std::move(*event));
          done[i] = true;
          --remaining;
          break;
        }
        event = handles[i]->next(std::chrono::milliseconds(0));
      }
    }
    if (remaining == 0 || cut) continue;
    if (exchange.client_gone()) {
      run.outcome = RunOutcome::client_gone;
      cut = true;
      cancel_all();
    } else if (Clock::now() >= deadline) {
      run.outcome = RunOutcome::timed_out;
      cut = true;
      cancel_all();
    }
  }
  for (const ChoiceResult& choice : run.choices) {
    run.completion_tokens += choice.finished.stats.completion_tokens;
    run.cached_tokens =
        std::max<std::uint64_t>(run.cached_tokens, choice.finished.stats.cached_prompt_tokens);
    if (run.outcome == RunOutcome::finished &&
        choice.finished.finish_reason == engine::FinishReason::cancelled) {
      run.outcome = RunOutcome::cancelled;
    }
    if (choice.finished.error)
      throw ApiError(500, "server_error", choice.finished.error->message());
  }
  return run;
}

ApiError submission_error(const Error& error, std::optional<std::string> param) {
  if (error.kind() == ErrorKind::resource_exhausted) {
    ApiError busy(429, "rate_limit_exceeded",
                  fmt::format("The server is busy ({}); please retry shortly.", error.message()),
                  std::nullopt, "rate_limit_exceeded");
    busy.retry_after = 1;
    return busy;
  }
  if (error.kind() == ErrorKind::unsupported) {
    ApiError stopping(503, "server_error", "the server is shutting down", std::nullopt,
                      "server_shutting_down");
    stopping.retry_after = 5;
    return stopping;
  }
  return invalid_request(error.message(), std::move(param), "invalid_value");
}

std::optional<ApiError> cut_short_error(RunOutcome outcome) {
  if (outcome == RunOutcome::timed_out) {
    return ApiError(408, "timeout", "the request took longer than the server's timeout",
                    std::nullopt, "timeout");
  }
  if (outcome == RunOutcome::cancelled) {
    ApiError stopping(503, "server_error", "the server shut down before the answer was done",
                      std::nullopt, "server_shutting_down");
    stopping.retry_after = 5;
    return stopping;
  }
  return std::nullopt;
}

void record_run(ServerContext& context, const std::string& model, const RunResult& run) {
  context.metrics.count_tokens(model, run.prompt_tokens, run.cached_tokens, run.completion_tokens);
  for (const ChoiceResult& choice : run.choices) {
    const engine::Finished& finished = choice.finished;
    if (finished.stats.completion_tokens > 0) {
      context.metrics.observe_time_to_first_token(model, finished.timings.first_token_seconds);
    }
    if (finished.stats.completion_tokens > 1 && finished.stats.generation_seconds > 0) {
      context.metrics.observe_tokens_per_second(
          model, static_cast<double>(finished.stats.completion_tokens - 1) /
                     finished.stats.generation_seconds);
    }
  }
}

}  // namespace hearth::server
