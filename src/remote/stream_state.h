// What a streamed answer has said so far, in the terms both APIs share.
#pragma once

#include <optional>
#include <string>

#include "hearth/remote/provider.h"

namespace hearth::remote::detail {

struct StreamState {
  std::string text;  // every text delta so far, joined
  std::string finish_reason;
  std::string model;
  Usage usage;
  bool ended = false;                // the API's end of stream: [DONE], message_stop
  std::optional<std::string> error;  // the message of an error event; nothing follows it
};

}  // namespace hearth::remote::detail
