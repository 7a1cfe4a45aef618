#include "response_stream.h"

#include <string>

#include "anthropic_wire.h"
#include "openai_wire.h"

namespace hearth::remote::detail {

void ResponseStream::feed(std::string_view bytes, const DeltaSink& on_text) {
  parser_.feed(bytes, [&](const SseEvent& event) { apply(event, on_text); });
}

void ResponseStream::finish(const DeltaSink& on_text) {
  parser_.finish([&](const SseEvent& event) { apply(event, on_text); });
}

void ResponseStream::apply(const SseEvent& event, const DeltaSink& on_text) {
  const std::string text = kind_ == ProviderKind::openai ? apply_openai_event(event, state_)
                                                         : apply_anthropic_event(event, state_);
  if (!text.empty() && on_text) on_text(text);
}

}  // namespace hearth::remote::detail
