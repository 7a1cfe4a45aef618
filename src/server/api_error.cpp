#include "api_error.h"

namespace hearth::server {

nlohmann::ordered_json ApiError::to_json() const {
  nlohmann::ordered_json error = {{"message", message_}, {"type", type_}};
  error["param"] = param_ ? nlohmann::ordered_json(*param_) : nlohmann::ordered_json();
  error["code"] = code_ ? nlohmann::ordered_json(*code_) : nlohmann::ordered_json();
  return {{"error", std::move(error)}};
}

ApiError invalid_request(std::string message, std::optional<std::string> param,
                         std::optional<std::string> code) {
  return ApiError(400, "invalid_request_error", std::move(message), std::move(param),
                  std::move(code));
}

std::string error_kind_label(int status) {
  switch (status) {
    case 400:
    case 405:
      return "invalid_request";
    case 401:
      return "authentication";
    case 404:
      return "not_found";
    case 408:
      return "timeout";
    case 413:
      return "too_large";
    case 429:
      return "rate_limited";
    case 503:
      return "unavailable";
    default:
      return "internal";
  }
}

}  // namespace hearth::server
