#include "hearth/sampling/sampler.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>

#include "hearth/util/error.h"
#include "logit_math.h"

namespace hearth::sampling {
namespace {

constexpr float kNegativeInfinity = -std::numeric_limits<float>::infinity();
constexpr std::int32_t kMaxTopLogprobs = 20;
constexpr float kMaxFrequencyOrPresencePenalty = 2.0f;
// The first chunk of candidates top-p sorts when top-k left the whole
// vocabulary: a typical nucleus fits, and a flat distribution costs a few
// doublings rather than a full sort up front.
constexpr std::size_t kFirstTopPChunk = 256;

// The order every selection uses: higher logit first, then lower id, so the
// result never depends on how a standard library orders equal elements.
struct BetterToken {
  const float* logits;
  bool operator()(std::int32_t a, std::int32_t b) const noexcept {
    const float la = logits[a];
    const float lb = logits[b];
    return la > lb || (la == lb && a < b);
  }
};

// A uniform double in [0, 1) from the top 53 bits of one generator output;
// std::uniform_real_distribution is implementation-defined, this is not.
double uniform_unit(std::mt19937_64& generator) {
  return static_cast<double>(generator() >> 11) * 0x1.0p-53;
}

}  // namespace

std::string find_invalid_parameter(const SamplingParams& params) {
  if (!std::isfinite(params.temperature)) {
    return fmt::format("temperature must be a finite number, got {}", params.temperature);
  }
  if (!(params.top_p > 0.0f && params.top_p <= 1.0f)) {
    return fmt::format("top_p must be in (0, 1], got {}", params.top_p);
  }
  if (!(params.min_p >= 0.0f && params.min_p <= 1.0f)) {
    return fmt::format("min_p must be in [0, 1], got {}", params.min_p);
  }
  if (!(params.repeat_penalty > 0.0f && std::isfinite(params.repeat_penalty))) {
    return fmt::format("repeat_penalty must be a finite number above 0, got {}",
                       params.repeat_penalty);
  }
  if (!(std::abs(params.frequency_penalty) <= kMaxFrequencyOrPresencePenalty)) {
    return fmt::format("frequency_penalty must be in [-2, 2], got {}", params.frequency_penalty);
  }
  if (!(std::abs(params.presence_penalty) <= kMaxFrequencyOrPresencePenalty)) {
    return fmt::format("presence_penalty must be in [-2, 2], got {}", params.presence_penalty);
  }
  if (params.penalty_last_n < -1) {
    return fmt::format("penalty_last_n must be -1 (all), 0 (off) or a count, got {}",
                       params.penalty_last_n);
  }
  if (params.top_logprobs < 0 || params.top_logprobs > kMaxTopLogprobs) {
    return fmt::format("top_logprobs must be in [0, {}], got {}", kMaxTopLogprobs,
                       params.top_logprobs);
  }
  return {};
}

Sampler::Sampler(const SamplingParams& params, std::int32_t n_vocab)
    : params_(params), n_vocab_(n_vocab), generator_(params.seed) {
  if (std::string problem = find_invalid_parameter(params); !problem.empty()) {
    throw Error(ErrorKind::invalid_argument, std::move(problem));
  }
  if (n_vocab <= 0) raise(ErrorKind::invalid_argument, "n_vocab must be positive, got {}", n_vocab);
}

void Sampler::accept(TokenId token) {
  if (token < 0 || token >= n_vocab_) {
    raise(ErrorKind::invalid_argument, "token {} is outside the vocabulary of {}", token, n_vocab_);
  }
  if (params_.penalty_last_n == 0) return;
  history_.push_back(token);
  if (params_.penalty_last_n > 0 &&
      history_.size() > static_cast<std::size_t>(params_.penalty_last_n)) {
    history_.pop_front();
  }
}

void Sampler::reset() {
  history_.clear();
  generator_.seed(params_.seed);
}

bool Sampler::penalties_active() const noexcept {
  return !history_.empty() &&
         (params_.repeat_penalty != 1.0f || params_.frequency_penalty != 0.0f ||
          params_.presence_penalty != 0.0f);
}

void Sampler::apply_penalties() {
  scratch_history_.assign(history_.begin(), history_.end());
  std::sort(scratch_history_.begin(), scratch_history_.end());
  float* logits = scratch_logits_.data();
  for (std::size_t run = 0; run < scratch_history_.size();) {
    const TokenId token = scratch_history_[run];
    std::size_t end = run;
    while (end < scratch_history_.size() && scratch_history_[end] == token) ++end;
    const auto count = static_cast<float>(end - run);
    float& logit = logits[token];
    logit = logit > 0.0f ? logit / params_.repeat_penalty : logit * params_.repeat_penalty;
    logit -= count * params_.frequency_penalty + params_.presence_penalty;
    run = end;
  }
}

void Sampler::prepare_logits(std::span<const float> logits) {
  scratch_logits_.assign(logits.begin(), logits.end());
  if (penalties_active()) apply_penalties();

  // NaN carries no preference: it becomes -inf. +inf (from the model or a
  // penalty overflowing) becomes the largest float, so such tokens share the
  // probability between them instead of turning the softmax into NaN.
  max_logit_ = detail::sanitize_and_find_max(scratch_logits_);
  if (max_logit_ == kNegativeInfinity) {
    argmax_ = 0;
    sum_exp_ = 0.0;
    log_sum_exp_ = 0.0;
    return;
  }
  argmax_ = static_cast<TokenId>(detail::first_index_of(scratch_logits_, max_logit_));

  // One log-sum-exp pass, reused by the reported log-probabilities and, with
  // the exps it leaves behind, by the truncation steps.
  scratch_exps_.resize(scratch_logits_.size());
  sum_exp_ = detail::exp_shifted(scratch_logits_, max_logit_, scratch_exps_);
  log_sum_exp_ = std::log(sum_exp_);
}

float Sampler::logprob_of(TokenId token) const {
  if (max_logit_ == kNegativeInfinity) {
    // Every logit is -inf (or NaN): nothing tells the tokens apart, so each
    // is reported as equally likely.
    return static_cast<float>(-std::log(static_cast<double>(n_vocab_)));
  }
  // The difference first: adding log(sum) to a huge max_logit_ would lose it.
  const double shifted = static_cast<double>(scratch_logits_[token]) - max_logit_;
  return static_cast<float>(shifted - log_sum_exp_);
}

std::vector<TokenLogprob> Sampler::top_alternatives() const {
  const auto count = static_cast<std::size_t>(std::min(params_.top_logprobs, n_vocab_));
  std::vector<TokenLogprob> best;
  if (count == 0) return best;
  // One pass keeping the `count` best in order; almost every token loses the
  // single comparison against the current worst.
  std::vector<TokenId> ids;
  ids.reserve(count + 1);
  const BetterToken better{scratch_logits_.data()};
  for (TokenId i = 0; i < n_vocab_; ++i) {
    if (ids.size() == count && !better(i, ids.back())) continue;
    ids.insert(std::upper_bound(ids.begin(), ids.end(), i, better), i);
    if (ids.size() > count) ids.pop_back();
  }
  best.reserve(count);
  for (const TokenId id : ids) best.push_back({id, logprob_of(id)});
  return best;
}

void Sampler::collect_top_k_candidates() {
  // One pass keeping every token that could still be among the k best: when
  // the buffer fills, select its k best and from then on take only tokens
  // that beat the k-th (a later, higher id loses a tie). After the first
  // few thousand tokens almost every one fails that single comparison.
  const float* logits = scratch_logits_.data();
  const auto k = static_cast<std::size_t>(params_.top_k);
  const std::size_t capacity = std::max<std::size_t>(4 * k, 1024);
  const BetterToken better{logits};
  scratch_ids_.clear();
  scratch_ids_.reserve(capacity);
  float floor = kNegativeInfinity;
  for (TokenId i = 0; i < n_vocab_; ++i) {
    if (!(logits[i] > floor)) continue;
    scratch_ids_.push_back(i);
    if (scratch_ids_.size() == capacity) {
      const auto kth = scratch_ids_.begin() + static_cast<std::ptrdiff_t>(k - 1);
      std::nth_element(scratch_ids_.begin(), kth, scratch_ids_.end(), better);
      floor = logits[*kth];
      scratch_ids_.resize(k);
    }
  }
}

void Sampler::collect_candidates() {
  const float* logits = scratch_logits_.data();
  const float* exps = scratch_exps_.data();
  const auto n_vocab = static_cast<std::size_t>(n_vocab_);
  if (params_.top_k > 0 && params_.top_k < n_vocab_) {
    collect_top_k_candidates();
    return;
  }
  const bool min_p = params_.min_p > 0.0f;
  scratch_ids_.resize(n_vocab);
  std::size_t kept = 0;
  if (params_.top_p >= 1.0f) {
    // Min-p alone is one exact filter; with nothing at all, every token stays.
    const float floor = min_p ? params_.min_p : 0.0f;
    for (std::size_t i = 0; i < n_vocab; ++i) {
      scratch_ids_[kept] = static_cast<TokenId>(i);
      kept += exps[i] >= floor ? 1 : 0;
    }
    scratch_ids_.resize(kept);
    return;
  }

  // Top-p (and min-p) keep a best-first prefix, so the tokens whose logit is
  // at least some threshold hold the answer once they carry top_p of the mass
  // or include every token min-p could keep. Lower the threshold until that
  // holds: a typical distribution needs one pass, and only the few survivors
  // are sorted. The mass is summed in another order than top-p's own, hence
  // the margin; should top-p still run out, it keeps every candidate.
  const double needed_mass = params_.top_p * sum_exp_ * (1.0 + 1e-5);
  const double min_p_span = min_p ? -std::log(static_cast<double>(params_.min_p)) : 0.0;
  float threshold = kNegativeInfinity;
  for (double span = 8.0; span < 1e4; span *= 4.0) {
    const auto candidate = static_cast<float>(max_logit_ - span);
    const bool covers_min_p = min_p && span > min_p_span + 1.0;
    if (covers_min_p ||
        detail::mass_at_or_above(scratch_logits_, scratch_exps_, candidate) >= needed_mass) {
      threshold = candidate;
      break;
    }
  }
  for (std::size_t i = 0; i < n_vocab; ++i) {
    scratch_ids_[kept] = static_cast<TokenId>(i);
    kept += logits[i] >= threshold ? 1 : 0;
  }
  scratch_ids_.resize(kept);
}

double Sampler::keep_top_k() {
  const BetterToken better{scratch_logits_.data()};
  const auto k = std::min(static_cast<std::size_t>(params_.top_k), scratch_ids_.size());
  std::partial_sort(scratch_ids_.begin(), scratch_ids_.begin() + static_cast<std::ptrdiff_t>(k),
                    scratch_ids_.end(), better);
  scratch_ids_.resize(k);
  double sum = 0.0;
  for (const TokenId id : scratch_ids_) sum += scratch_exps_[id];
  return sum;
}

void Sampler::keep_min_p() {
  // p >= min_p * p_max, written on the exps: exp(logit - max) >= min_p.
  const float min_p = params_.min_p;
  const float* exps = scratch_exps_.data();
  std::erase_if(scratch_ids_, [&](TokenId id) { return exps[id] < min_p; });
}

void Sampler::keep_top_p(double normalizer, bool sorted) {
  const BetterToken better{scratch_logits_.data()};
  const double target = static_cast<double>(params_.top_p) * normalizer;
  const auto begin = scratch_ids_.begin();
  const std::size_t size = scratch_ids_.size();
  double cumulative = 0.0;
  std::size_t sorted_end = 0;
  std::size_t chunk = kFirstTopPChunk;
  while (sorted_end < size) {
    const std::size_t end = sorted ? size : std::min(size, sorted_end + chunk);
    if (!sorted) {
      // Bring the best of the rest into [sorted_end, end), then order only those.
      if (end < size) {
        std::nth_element(begin + static_cast<std::ptrdiff_t>(sorted_end),
                         begin + static_cast<std::ptrdiff_t>(end), scratch_ids_.end(), better);
      }
      std::sort(begin + static_cast<std::ptrdiff_t>(sorted_end),
                begin + static_cast<std::ptrdiff_t>(end), better);
    }
    for (std::size_t i = sorted_end; i < end; ++i) {
      cumulative += scratch_exps_[scratch_ids_[i]];
      if (cumulative >= target) {
        scratch_ids_.resize(i + 1);
        return;
      }
    }
    sorted_end = end;
    chunk *= 4;
  }
}

TokenId Sampler::draw(double unit) {
  collect_candidates();
  bool sorted = false;
  double normalizer = sum_exp_;
  if (params_.top_k > 0 && params_.top_k < n_vocab_) {
    normalizer = keep_top_k();
    sorted = true;
  }
  // Top-p and min-p each keep a prefix of the candidates in best-first order,
  // so applying min-p first (it needs no order) gives the same set while
  // leaving top-p fewer tokens to sort; top-p still measures cumulative
  // probability against the normalizer of the set top-k left.
  if (params_.min_p > 0.0f) keep_min_p();
  if (params_.top_p < 1.0f) keep_top_p(normalizer, sorted);

  // Candidates are in best-first or id order, so the draw below walks them in
  // an order fixed by the logits alone.
  // In double, so that a tiny temperature gives a huge but finite factor; the
  // clamp keeps the float conversion in range (exp is 0 from -87 down).
  const double inverse_temperature = 1.0 / static_cast<double>(params_.temperature);
  scratch_weights_.resize(scratch_ids_.size());
  double total = 0.0;
  for (std::size_t i = 0; i < scratch_ids_.size(); ++i) {
    const double shifted =
        static_cast<double>(scratch_logits_[scratch_ids_[i]]) - static_cast<double>(max_logit_);
    const double scaled = std::max(shifted * inverse_temperature, -100.0);
    scratch_weights_[i] = detail::exp_nonpositive(static_cast<float>(scaled));
    total += scratch_weights_[i];
  }
  const double target = unit * total;
  double cumulative = 0.0;
  TokenId last_possible = argmax_;
  for (std::size_t i = 0; i < scratch_ids_.size(); ++i) {
    if (scratch_weights_[i] <= 0.0f) continue;
    cumulative += scratch_weights_[i];
    last_possible = scratch_ids_[i];
    if (target < cumulative) return scratch_ids_[i];
  }
  return last_possible;  // rounding left the target just past the sum
}

SampledToken Sampler::sample(std::span<const float> logits) {
  if (logits.size() != static_cast<std::size_t>(n_vocab_)) {
    raise(ErrorKind::invalid_argument, "sample() got {} logits for a vocabulary of {}",
          logits.size(), n_vocab_);
  }
  const bool greedy = params_.temperature <= 0.0f;
  // A non-greedy call always takes exactly one generator output, whatever the
  // logits, so a sequence's draws never shift against each other.
  const double unit = greedy ? 0.0 : uniform_unit(generator_);

  prepare_logits(logits);
  SampledToken result;
  if (greedy || max_logit_ == kNegativeInfinity) {
    result.token = argmax_;
  } else {
    result.token = draw(unit);
  }
  result.logprob = logprob_of(result.token);
  result.top = top_alternatives();
  accept(result.token);
  return result;
}

}  // namespace hearth::sampling
