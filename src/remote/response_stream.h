// A streamed answer of either API, from raw bytes (in whatever pieces they
// arrive) to text deltas and the final state.
#pragma once

#include <string_view>

#include "hearth/remote/provider.h"
#include "sse_parser.h"
#include "stream_state.h"

namespace hearth::remote::detail {

class ResponseStream {
 public:
  explicit ResponseStream(ProviderKind kind) : kind_(kind) {}

  // Parses `bytes`; `on_text` gets every non-empty text delta, in order.
  // Throws Error(invalid_data) for an event that is not the API's. Whatever
  // follows the end of the stream or an error event is ignored.
  void feed(std::string_view bytes, const DeltaSink& on_text);
  // The connection ended; a last event without its blank line still counts.
  void finish(const DeltaSink& on_text);

  const StreamState& state() const noexcept { return state_; }
  // The answer is whole: the API's end marker came, or a finish reason did
  // (some compatible servers end the stream without "[DONE]").
  bool complete() const noexcept { return state_.ended || !state_.finish_reason.empty(); }

 private:
  void apply(const SseEvent& event, const DeltaSink& on_text);

  ProviderKind kind_;
  SseParser parser_;
  StreamState state_;
};

}  // namespace hearth::remote::detail
