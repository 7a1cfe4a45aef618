// OpenAI's error object: {"error": {"message", "type", "param", "code"}}
// with the HTTP status it travels with. Handlers throw ApiError; the router
// turns it into the response (and counts it by kind in the metrics).
#pragma once

#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hearth/http/server.h"

namespace hearth::server {

class ApiError : public std::exception {
 public:
  ApiError(int status, std::string type, std::string message,
           std::optional<std::string> param = std::nullopt,
           std::optional<std::string> code = std::nullopt)
      : status_(status),
        type_(std::move(type)),
        message_(std::move(message)),
        param_(std::move(param)),
        code_(std::move(code)) {}

  const char* what() const noexcept override { return message_.c_str(); }
  int status() const noexcept { return status_; }
  const std::string& type() const noexcept { return type_; }
  const std::optional<std::string>& param() const noexcept { return param_; }
  const std::optional<std::string>& code() const noexcept { return code_; }
  // Seconds for Retry-After (429, 503).
  std::optional<int> retry_after;
  // More headers for the answer (x-hearth-route on a refusal).
  std::vector<http::Header> headers;

  nlohmann::ordered_json to_json() const;

 private:
  int status_;
  std::string type_;
  std::string message_;
  std::optional<std::string> param_;
  std::optional<std::string> code_;
};

// 400 invalid_request_error naming `param`.
ApiError invalid_request(std::string message, std::optional<std::string> param = std::nullopt,
                         std::optional<std::string> code = std::nullopt);

// The label /metrics counts an error under: invalid_request, authentication,
// not_found, too_large, rate_limited, unavailable, timeout, internal.
std::string error_kind_label(int status);

}  // namespace hearth::server
