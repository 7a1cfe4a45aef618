// What the hub's HTTP error answers mean, in words: it says which of
// repository, revision or file was missing in an X-Error-Code header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "curl_transfer.h"
#include "hearth/hub/hub_client.h"

namespace hearth::hub::detail {

// Throws for a response status that is not a success: Error(not_found)
// naming the repository, revision or `file` (when given) for 404s and the
// hub's *NotFound codes; Error(io) for refused access (suggesting HF_TOKEN,
// or saying the one given was refused), gated repositories, rate limits and
// anything else.
[[noreturn]] void raise_hub_error(const ResponseHeaders& response, const std::string& url,
                                  const HubSettings& settings, const RepoTarget& target,
                                  std::optional<std::string_view> file);

// Server trouble worth another try (5xx, 408, 429).
bool is_transient_status(long status) noexcept;

}  // namespace hearth::hub::detail
