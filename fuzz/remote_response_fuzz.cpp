// libFuzzer target for what remote providers send back: a whole answer of
// OpenAI's and Anthropic's APIs, an error body, a Retry-After value, and an
// event stream of each API fed whole and split in two at a point the first
// two bytes choose. Checked: only hearth::Error is ever thrown; a stream
// gives the same outcome (text, finish reason, usage, end, error) however it
// is split, and its deltas add up to its text; request bodies built from the
// input are JSON.
//
// remote_tests links this file too and replays fuzz/corpus/remote_response
// and fuzz/regressions/remote_response through LLVMFuzzerTestOneInput.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "../src/remote/anthropic_wire.h"
#include "../src/remote/error_body.h"
#include "../src/remote/openai_wire.h"
#include "../src/remote/response_stream.h"
#include "../src/remote/retry_after.h"
#include "hearth/util/error.h"

namespace {

using hearth::remote::ProviderKind;
using hearth::remote::detail::ResponseStream;
using hearth::remote::detail::StreamState;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "remote_response_fuzz: %s\n", what);
  std::abort();
}

// Runs `parse`, letting only hearth::Error through.
template <typename Parse>
void expect_only_hearth_errors(Parse parse) {
  try {
    parse();
  } catch (const hearth::Error&) {
  } catch (const std::exception& error) {
    std::fprintf(stderr, "remote_response_fuzz: unexpected exception: %s\n", error.what());
    std::abort();
  }
}

struct StreamOutcome {
  bool refused = false;
  std::string deltas;
  StreamState state;
  bool complete = false;
};

StreamOutcome stream(ProviderKind kind, std::string_view text, std::size_t split) {
  StreamOutcome outcome;
  ResponseStream parser(kind);
  const hearth::remote::DeltaSink sink = [&](std::string_view delta) {
    if (delta.empty()) fail("an empty delta reached the sink");
    outcome.deltas += delta;
  };
  try {
    parser.feed(text.substr(0, split), sink);
    parser.feed(text.substr(split), sink);
    parser.finish(sink);
  } catch (const hearth::Error&) {
    outcome.refused = true;
    return outcome;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "remote_response_fuzz: unexpected exception: %s\n", error.what());
    std::abort();
  }
  outcome.state = parser.state();
  outcome.complete = parser.complete();
  if (outcome.deltas != outcome.state.text) fail("the deltas do not add up to the text");
  return outcome;
}

void check_stream(ProviderKind kind, std::string_view text, std::size_t split) {
  const StreamOutcome whole = stream(kind, text, text.size());
  const StreamOutcome halves = stream(kind, text, split);
  if (whole.refused != halves.refused) fail("a split changed whether the stream is refused");
  if (whole.refused) return;
  if (whole.state.text != halves.state.text || whole.state.model != halves.state.model ||
      whole.state.finish_reason != halves.state.finish_reason ||
      whole.state.usage.input_tokens != halves.state.usage.input_tokens ||
      whole.state.usage.output_tokens != halves.state.usage.output_tokens ||
      whole.state.ended != halves.state.ended || whole.state.error != halves.state.error ||
      whole.complete != halves.complete) {
    fail("a split changed what the stream says");
  }
}

void check_request_bodies(std::string_view first, std::string_view second) {
  hearth::remote::RemoteRequest request;
  request.messages = {
      {"system", std::string(first)}, {"user", std::string(second)}, {"user", std::string(first)}};
  request.stop = {std::string(second)};
  for (const std::string& body : {hearth::remote::detail::openai_request_body(request, "m"),
                                  hearth::remote::detail::anthropic_request_body(request, "m")}) {
    if (!nlohmann::json::accept(body)) fail("a request body is not JSON");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::size_t split = 0;
  if (size >= 2) {
    split = static_cast<std::size_t>(data[0]) | (static_cast<std::size_t>(data[1]) << 8);
    data += 2;
    size -= 2;
  }
  const std::string text(reinterpret_cast<const char*>(data), size);
  split %= text.size() + 1;

  expect_only_hearth_errors([&] { hearth::remote::detail::parse_openai_response(text); });
  expect_only_hearth_errors([&] { hearth::remote::detail::parse_anthropic_response(text); });
  expect_only_hearth_errors([&] {
    const std::string message = hearth::remote::detail::provider_error_message(text);
    if (message.size() > hearth::remote::detail::kMaxErrorMessageBytes + 3) {
      fail("an error message above the limit");
    }
  });
  expect_only_hearth_errors([&] {
    const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
    const auto wait = hearth::remote::detail::parse_retry_after(text, now);
    if (wait && wait->count() < 0) fail("a negative Retry-After");
    const auto wait_ms = hearth::remote::detail::parse_retry_after_ms(text);
    if (wait_ms && wait_ms->count() < 0) fail("a negative retry-after-ms");
  });
  check_stream(ProviderKind::openai, text, split);
  check_stream(ProviderKind::anthropic, text, split);
  expect_only_hearth_errors([&] {
    check_request_bodies(std::string_view(text).substr(0, split),
                         std::string_view(text).substr(split));
  });
  return 0;
}
