// How long to wait between tries: exponential backoff with full jitter (a
// wait drawn from [0, ceiling]), so that many clients refused at once do not
// all come back at once.
#pragma once

#include <chrono>

#include "hearth/remote/provider.h"

namespace hearth::remote::detail {

// The longest wait after the `failed_tries`-th failed try (1, 2, ...):
// min(max_delay, base_delay * 2^(failed_tries - 1)).
std::chrono::milliseconds backoff_ceiling(int failed_tries, const RetryOptions& options) noexcept;

// A wait drawn uniformly from [0, backoff_ceiling(...)].
std::chrono::milliseconds jittered_backoff(int failed_tries, const RetryOptions& options);

}  // namespace hearth::remote::detail
