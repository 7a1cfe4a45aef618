// Text generation on a session: evaluate a prompt (reusing whatever prefix of
// it the session already holds), then sample token after token, streaming the
// text through a callback, until a stop condition.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/engine/session.h"
#include "hearth/sampling/sampler.h"

namespace hearth::engine {

struct GenerationOptions {
  // Tokens to generate at most; -1: until the context is full.
  std::int32_t max_tokens = -1;
  sampling::SamplingParams sampling;
  // Generation ends when the text contains one of these; the stop string and
  // what follows it are not part of the result.
  std::vector<std::string> stop;
  // Keep going past the end-of-generation tokens (EOS, EOT, EOM).
  bool ignore_eos = false;
};

enum class FinishReason {
  stop,       // an end-of-generation token or a stop string
  length,     // max_tokens reached, or the context is full
  cancelled,  // the stop token was requested
};

std::string_view finish_reason_name(FinishReason reason) noexcept;  // "stop", ...

struct GenerationStats {
  std::size_t prompt_tokens = 0;
  std::size_t cached_prompt_tokens = 0;  // reused from the session, not recomputed
  std::size_t completion_tokens = 0;
  double prompt_seconds = 0.0;      // evaluating the uncached prompt tokens
  double generation_seconds = 0.0;  // from the first sampled token to the end
};

// One generated token and the text it releases. `text` is empty while a
// token's bytes are an incomplete UTF-8 character or might begin a stop
// string; the held-back text comes with a later token. The chunks of all
// events add up to GenerationResult::text.
struct TokenEvent {
  const sampling::SampledToken& token;
  std::string_view text;
};

using TokenCallback = std::function<void(const TokenEvent&)>;

struct GenerationResult {
  std::string text;
  std::vector<sampling::SampledToken> tokens;  // the end-of-generation token excluded
  FinishReason finish_reason = FinishReason::stop;
  GenerationStats stats;
};

// Generates a continuation of `prompt`. The session first keeps the longest
// common prefix of its tokens and the prompt (at least one prompt token is
// always recomputed, for its logits), evaluates the rest, then samples.
// Throws as Session::append (e.g. a prompt longer than the context) and
// Error(invalid_argument) for an empty prompt or invalid sampling parameters.
// Exceptions thrown by `on_token` propagate; the session then holds the
// tokens evaluated so far.
GenerationResult generate(Session& session, std::span<const TokenId> prompt,
                          const GenerationOptions& options, const TokenCallback& on_token = {},
                          std::stop_token stop = {});

}  // namespace hearth::engine
