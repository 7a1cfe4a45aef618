#include "hearth/engine/generate.h"

#include <algorithm>
#include <chrono>

#include "hearth/tokenizer/tokenizer.h"
#include "hearth/util/error.h"
#include "stop_string_filter.h"

namespace hearth::engine {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::string_view finish_reason_name(FinishReason reason) noexcept {
  switch (reason) {
    case FinishReason::stop:
      return "stop";
    case FinishReason::length:
      return "length";
    case FinishReason::cancelled:
      return "cancelled";
  }
  return "stop";
}

GenerationResult generate(Session& session, std::span<const TokenId> prompt,
                          const GenerationOptions& options, const TokenCallback& on_token,
                          std::stop_token stop) {
  if (prompt.empty()) raise(ErrorKind::invalid_argument, "generate: the prompt is empty");
  const Model& model = session.model();
  sampling::Sampler sampler(options.sampling,
                            static_cast<std::int32_t>(model.hyperparameters().n_vocab));
  GenerationResult result;
  result.stats.prompt_tokens = prompt.size();

  // Reuse the prefix the session already holds; the last prompt token is
  // always evaluated again, for its logits.
  const std::span<const TokenId> held = session.tokens();
  std::size_t common = 0;
  while (common < held.size() && common < prompt.size() && held[common] == prompt[common]) {
    ++common;
  }
  common = std::min(common, prompt.size() - 1);
  session.truncate(common);
  result.stats.cached_prompt_tokens = common;
  for (TokenId token : prompt) sampler.accept(token);

  const Clock::time_point prompt_start = Clock::now();
  std::span<const float> logits = session.append(prompt.subspan(common), stop);
  result.stats.prompt_seconds = seconds_since(prompt_start);
  if (logits.empty()) {
    result.finish_reason = FinishReason::cancelled;
    return result;
  }

  tokenizer::StreamingDecoder decoder(model.tokenizer());
  StopStringFilter filter(options.stop);
  const Clock::time_point generation_start = Clock::now();
  const auto emit = [&](const sampling::SampledToken& token, const std::string& text) {
    result.text += text;
    if (on_token) on_token(TokenEvent{token, text});
  };

  result.finish_reason = FinishReason::length;
  bool stop_string_found = false;
  while (true) {
    if (options.max_tokens >= 0 &&
        result.tokens.size() >= static_cast<std::size_t>(options.max_tokens)) {
      break;
    }
    const sampling::SampledToken sampled = sampler.sample(logits);
    if (!options.ignore_eos && model.is_end_of_generation(sampled.token)) {
      result.finish_reason = FinishReason::stop;
      break;
    }
    result.tokens.push_back(sampled);
    if (filter.add(decoder.push(sampled.token))) {
      emit(result.tokens.back(), filter.release(true));
      result.finish_reason = FinishReason::stop;
      stop_string_found = true;
      break;
    }
    emit(result.tokens.back(), filter.release(false));
    if (stop.stop_requested()) {
      result.finish_reason = FinishReason::cancelled;
      break;
    }
    if (session.tokens().size() >= session.context_length()) break;
    const TokenId next = sampled.token;
    logits = session.append({&next, 1}, stop);
    if (logits.empty()) {
      result.finish_reason = FinishReason::cancelled;
      break;
    }
  }
  // What the decoder and the stop filter still hold ends the text (with the
  // last token's event), unless a stop string cut it there.
  if (!stop_string_found && !result.tokens.empty()) {
    filter.add(decoder.finish());
    std::string tail = filter.release(true);
    if (!tail.empty()) emit(result.tokens.back(), tail);
  }
  result.stats.completion_tokens = result.tokens.size();
  result.stats.generation_seconds = seconds_since(generation_start);
  return result;
}

}  // namespace hearth::engine
