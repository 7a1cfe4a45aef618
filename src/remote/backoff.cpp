#include "backoff.h"

#include <algorithm>
#include <cstdint>
#include <random>

namespace hearth::remote::detail {

std::chrono::milliseconds backoff_ceiling(int failed_tries, const RetryOptions& options) noexcept {
  const std::int64_t limit = std::max<std::int64_t>(0, options.max_delay.count());
  std::int64_t ceiling = std::max<std::int64_t>(0, options.base_delay.count());
  // Doubling stops at the limit, so it cannot overflow.
  for (int i = 1; i < failed_tries && ceiling < limit; ++i) ceiling *= 2;
  return std::chrono::milliseconds(std::min(ceiling, limit));
}

std::chrono::milliseconds jittered_backoff(int failed_tries, const RetryOptions& options) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const std::int64_t ceiling = backoff_ceiling(failed_tries, options).count();
  std::uniform_int_distribution<std::int64_t> wait(0, ceiling);
  return std::chrono::milliseconds(wait(generator));
}

}  // namespace hearth::remote::detail
