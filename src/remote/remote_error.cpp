#include "hearth/remote/provider.h"

namespace hearth::remote {
namespace {

// The hearth::Error kind a failure is: transport trouble is io, a malformed
// answer invalid_data, a 4xx what the provider said was wrong with the
// request.
ErrorKind error_kind(FailureKind failure, int status) noexcept {
  switch (failure) {
    case FailureKind::malformed:
      return ErrorKind::invalid_data;
    case FailureKind::http_status:
      if (status < 400 || status >= 500 || status == 408 || status == 429) return ErrorKind::io;
      if (status == 404) return ErrorKind::not_found;
      if (status == 413) return ErrorKind::resource_exhausted;
      if (status == 400 || status == 401 || status == 403 || status == 422) {
        return ErrorKind::invalid_argument;
      }
      return ErrorKind::unsupported;
    case FailureKind::unreachable:
    case FailureKind::timeout:
    case FailureKind::stream_broken:
    case FailureKind::breaker_open:
    case FailureKind::cancelled:
      break;
  }
  return ErrorKind::io;
}

}  // namespace

std::string_view provider_kind_name(ProviderKind kind) noexcept {
  switch (kind) {
    case ProviderKind::openai:
      return "openai";
    case ProviderKind::anthropic:
      return "anthropic";
  }
  return "unknown";
}

std::string_view failure_kind_name(FailureKind kind) noexcept {
  switch (kind) {
    case FailureKind::unreachable:
      return "unreachable";
    case FailureKind::timeout:
      return "timeout";
    case FailureKind::http_status:
      return "http_status";
    case FailureKind::malformed:
      return "malformed";
    case FailureKind::stream_broken:
      return "stream_broken";
    case FailureKind::breaker_open:
      return "breaker_open";
    case FailureKind::cancelled:
      return "cancelled";
  }
  return "unknown";
}

RemoteError::RemoteError(FailureKind failure, std::string provider, std::string message, int status,
                         std::optional<std::chrono::milliseconds> retry_after, bool output_started)
    : Error(error_kind(failure, status), std::move(message)),
      failure_(failure),
      provider_(std::move(provider)),
      status_(status),
      retry_after_(retry_after),
      output_started_(output_started) {}

bool RemoteError::retryable() const noexcept {
  switch (failure_) {
    case FailureKind::unreachable:
    case FailureKind::timeout:
    case FailureKind::stream_broken:
    case FailureKind::breaker_open:
      return true;
    case FailureKind::http_status:
      return status_ == 408 || status_ == 429 || status_ >= 500;
    case FailureKind::malformed:
    case FailureKind::cancelled:
      return false;
  }
  return false;
}

}  // namespace hearth::remote
