// Choosing the next token from a model's logits.
//
// The chain runs in llama.cpp's order: penalties (repetition, frequency,
// presence over the last `penalty_last_n` tokens) → top-k → top-p → min-p →
// temperature → a draw from the seeded generator. Temperature 0 (or below) is
// greedy: the highest logit after penalties, ties to the lowest id.
//
// Log-probabilities reported with each token are the model's own: log-softmax
// of the logits after penalties, at temperature 1 and before any truncation,
// so a caller (the router's confidence signal, the API's `logprobs`) sees the
// same numbers whatever sampling settings produced the token. A token whose
// logit is -inf (or NaN) has log-probability -inf.
//
// Non-finite logits never fail a call: NaN counts as -inf, +inf as the largest
// float (so several +inf tokens share the probability). If every logit is -inf
// or NaN, nothing tells the tokens apart: the sampler picks the lowest id, 0,
// and reports every token's log-probability as -log(n_vocab).
//
// Reproducibility: the same parameters, seed and logits give the same tokens
// on every platform. The generator is std::mt19937_64 (fully specified by the
// standard), each non-greedy sample() takes exactly one output from it, and
// the uniform number is built from its top 53 bits rather than by
// std::uniform_real_distribution, whose algorithm each library chooses.
// Candidates are ordered by (logit descending, id ascending), never by
// whatever order a sort leaves equal elements in.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "hearth/tokenizer/vocabulary.h"

namespace hearth::sampling {

using tokenizer::TokenId;

// Ranges are checked by find_invalid_parameter (and the Sampler constructor).
struct SamplingParams {
  // Any finite value. <= 0: greedy (llama.cpp's reading; OpenAI allows 0..2,
  // a server that wants that range checks it itself).
  float temperature = 0.8f;
  std::int32_t top_k = 40;  // <= 0 or >= n_vocab: off
  // Keeps the smallest best-first set whose probability (after top-k,
  // renormalized) reaches top_p. In (0, 1]; 1: off.
  float top_p = 0.95f;
  // Keeps tokens at least min_p times as likely as the best. In [0, 1]; 0: off.
  float min_p = 0.05f;
  // Repetition penalty as in CTRL / llama.cpp: a positive logit of a recent
  // token is divided by it, a negative one multiplied. Above 0; 1: off.
  float repeat_penalty = 1.0f;
  float frequency_penalty = 0.0f;    // minus count * this (OpenAI's definition), [-2, 2]
  float presence_penalty = 0.0f;     // minus this once a token has appeared, [-2, 2]
  std::int32_t penalty_last_n = 64;  // tokens the penalties look at; 0: off, -1: all
  std::uint64_t seed = 0;
  // Alternatives reported with each token (OpenAI's top_logprobs), 0 to 20.
  std::int32_t top_logprobs = 0;
};

// The first parameter out of range, as a sentence naming it
// ("top_p must be in (0, 1], got 1.5"); empty when all are valid.
std::string find_invalid_parameter(const SamplingParams& params);

struct TokenLogprob {
  TokenId token = 0;
  float logprob = 0.0f;
};

struct SampledToken {
  TokenId token = 0;
  float logprob = 0.0f;           // of `token`, see the file comment
  std::vector<TokenLogprob> top;  // params.top_logprobs best, most likely first
};

// One generation's sampling state: the seeded generator and the penalty
// history. Not thread-safe; use one Sampler per sequence.
class Sampler {
 public:
  // Throws Error(invalid_argument) with find_invalid_parameter's sentence, or
  // when n_vocab is not positive.
  Sampler(const SamplingParams& params, std::int32_t n_vocab);

  // Picks a token from logits (n_vocab values; a copy is modified, not the
  // caller's array) and records it in the penalty history. Throws
  // Error(invalid_argument) when logits.size() != n_vocab, leaving the
  // sampler unchanged.
  SampledToken sample(std::span<const float> logits);

  // Adds tokens the sampler did not choose (the prompt) to the history.
  // Throws Error(invalid_argument) for an id outside [0, n_vocab).
  void accept(TokenId token);

  // Forgets the history and reseeds: the next draws repeat the first ones.
  void reset();

  const SamplingParams& params() const noexcept { return params_; }

 private:
  bool penalties_active() const noexcept;
  void apply_penalties();
  // Copies, penalizes and sanitizes the logits into scratch_logits_, finding
  // the argmax and the log-sum-exp.
  void prepare_logits(std::span<const float> logits);
  float logprob_of(TokenId token) const;
  std::vector<TokenLogprob> top_alternatives() const;
  // The truncation steps work on scratch_ids_, which collect_candidates
  // fills; keep_top_k returns the sum of exp(logit - max) over what it kept.
  void collect_candidates();
  void collect_top_k_candidates();
  double keep_top_k();
  void keep_min_p();
  void keep_top_p(double normalizer, bool sorted);
  TokenId draw(double unit);

  SamplingParams params_;
  std::int32_t n_vocab_;
  std::mt19937_64 generator_;
  std::deque<TokenId> history_;

  // Per-call state, kept between calls only to reuse the allocations.
  std::vector<float> scratch_logits_;
  std::vector<float> scratch_exps_;  // exp(logit - max_logit_)
  std::vector<TokenId> scratch_ids_;
  std::vector<TokenId> scratch_history_;
  std::vector<float> scratch_weights_;
  float max_logit_ = 0.0f;
  TokenId argmax_ = 0;
  double sum_exp_ = 0.0;      // of exp(logit - max_logit_) over the vocabulary
  double log_sum_exp_ = 0.0;  // log(sum_exp_)
};

}  // namespace hearth::sampling
