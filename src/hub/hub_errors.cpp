#include "hub_errors.h"

#include "hearth/util/error.h"

namespace hearth::hub::detail {

void raise_hub_error(const ResponseHeaders& response, const std::string& url,
                     const HubSettings& settings, const RepoTarget& target,
                     std::optional<std::string_view> file) {
  const long status = response.status();
  const std::string code = response.find("X-Error-Code").value_or("");
  const std::string token_hint = settings.token
                                     ? "the token in HF_TOKEN was not accepted for it"
                                     : "a private or gated repository needs a token: set HF_TOKEN";

  if (code == "RepoNotFound" || (status == 404 && !file && code.empty())) {
    raise(ErrorKind::not_found, "repository {} not found on {} (HTTP {}; {})", target.repo,
          settings.endpoint, status, token_hint);
  }
  if (code == "RevisionNotFound") {
    raise(ErrorKind::not_found, "revision {} not found in {}", target.revision, target.repo);
  }
  if (code == "EntryNotFound" || status == 404) {
    raise(ErrorKind::not_found, "{} not found in {} at revision {}", file.value_or("the file"),
          target.repo, target.revision);
  }
  if (code == "GatedRepo") {
    raise(ErrorKind::io,
          "{} is gated: accept its conditions on the hub, then set HF_TOKEN to a token of that "
          "account",
          target.repo);
  }
  if (status == 401 || status == 403) {
    raise(ErrorKind::io, "access to {} refused (HTTP {}): {}", target.repo, status, token_hint);
  }
  if (status == 429) {
    raise(ErrorKind::io, "the hub is limiting requests (HTTP 429); try again later");
  }
  raise(ErrorKind::io, "unexpected answer HTTP {} from {}", status, url);
}

bool is_transient_status(long status) noexcept {
  return status == 408 || status == 429 || status >= 500;
}

}  // namespace hearth::hub::detail
