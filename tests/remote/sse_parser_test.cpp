// The event-stream framing, and streamed answers of both APIs read back
// whatever pieces the bytes arrive in.
#include "sse_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "response_stream.h"

namespace hearth::remote {
namespace {

using detail::SseEvent;
using detail::SseParser;

std::vector<SseEvent> parse_in_pieces(std::string_view stream,
                                      const std::vector<std::size_t>& piece_sizes) {
  std::vector<SseEvent> events;
  const auto collect = [&](const SseEvent& event) { events.push_back(event); };
  SseParser parser;
  std::size_t at = 0;
  for (std::size_t size : piece_sizes) {
    if (at >= stream.size()) break;
    parser.feed(stream.substr(at, size), collect);
    at += size;
  }
  if (at < stream.size()) parser.feed(stream.substr(at), collect);
  parser.finish(collect);
  return events;
}

std::vector<SseEvent> parse_whole(std::string_view stream) {
  return parse_in_pieces(stream, {});
}

TEST(SseParser, FramesEvents) {
  const std::vector<SseEvent> events = parse_whole(
      ": a comment\n"
      "data: one\n\n"
      "event: message_start\n"
      "data: {\"a\":1}\n\n"
      "data:no space\n"
      "data:  two spaces\n"
      "id: 7\n"
      "retry: 100\n\n"
      "event: ignored, no data\n\n"
      "data\n\n");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0], (SseEvent{"", "one"}));
  EXPECT_EQ(events[1], (SseEvent{"message_start", "{\"a\":1}"}));
  EXPECT_EQ(events[2], (SseEvent{"", "no space\n two spaces"}));
  EXPECT_EQ(events[3], (SseEvent{"", ""}));
}

TEST(SseParser, AcceptsEveryLineEnding) {
  const std::vector<SseEvent> events =
      parse_whole("data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\ndata: e\r\n\r\n");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].data, "a");
  EXPECT_EQ(events[1].data, "b");
  EXPECT_EQ(events[2].data, "c");
  EXPECT_EQ(events[3].data, "d\ne");
}

TEST(SseParser, DeliversALastEventWithoutItsBlankLine) {
  const std::vector<SseEvent> events = parse_whole("data: a\n\ndata: [DONE]\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].data, "[DONE]");
}

TEST(SseParser, DropsALineCutOffByTheEnd) {
  const std::vector<SseEvent> events = parse_whole("data: a\n\ndata: {\"cut\":");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "a");
}

TEST(SseParser, AnySplitGivesTheSameEvents) {
  const std::string stream =
      "event: x\r\ndata: first\r\ndata: second\r\n\r\n: keep-alive\r\n\r\n"
      "data: {\"text\":\"héllo\"}\n\ndata: last\r\r";
  const std::vector<SseEvent> expected = parse_whole(stream);
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_EQ(parse_in_pieces(stream, std::vector<std::size_t>(stream.size(), 1)), expected);
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    EXPECT_EQ(parse_in_pieces(stream, {split}), expected) << "split at " << split;
  }
  std::mt19937 generator(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::size_t> sizes;
    std::uniform_int_distribution<std::size_t> size(0, 9);
    for (std::size_t total = 0; total < stream.size(); total += sizes.back()) {
      sizes.push_back(size(generator));
    }
    EXPECT_EQ(parse_in_pieces(stream, sizes), expected);
  }
}

TEST(SseParser, RefusesAnEndlessLine) {
  SseParser parser;
  const std::string piece(1 << 20, 'x');
  EXPECT_THROW(
      {
        for (int i = 0; i < 10; ++i) parser.feed(piece, [](const SseEvent&) {});
      },
      Error);
}

// A streamed answer, fed in the given pieces: the deltas and the final state.
struct Streamed {
  std::vector<std::string> deltas;
  detail::StreamState state;
  bool complete = false;
};

Streamed stream_in_pieces(ProviderKind kind, std::string_view bytes,
                          const std::vector<std::size_t>& piece_sizes) {
  Streamed streamed;
  detail::ResponseStream stream(kind);
  const DeltaSink sink = [&](std::string_view text) { streamed.deltas.emplace_back(text); };
  std::size_t at = 0;
  for (std::size_t size : piece_sizes) {
    if (at >= bytes.size()) break;
    stream.feed(bytes.substr(at, size), sink);
    at += size;
  }
  if (at < bytes.size()) stream.feed(bytes.substr(at), sink);
  stream.finish(sink);
  streamed.state = stream.state();
  streamed.complete = stream.complete();
  return streamed;
}

constexpr std::string_view kOpenAiStream =
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
    "\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
    ": OPENROUTER PROCESSING\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Bon\"},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"jour \"},\"finish_reason\":null}]}"
    "\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"à tous\"},\"finish_reason\":null}]}"
    "\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}\n\n"
    "data: [DONE]\n\n";

constexpr std::string_view kAnthropicStream =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"claude-x\","
    "\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
    "\"text\":\"\"}}\n\n"
    "event: ping\ndata: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"Bon\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"jour\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
    "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

TEST(ResponseStream, OpenAiDeltasUsageAndEnd) {
  const Streamed streamed = stream_in_pieces(ProviderKind::openai, kOpenAiStream, {});
  EXPECT_EQ(streamed.deltas, (std::vector<std::string>{"Bon", "jour ", "à tous"}));
  EXPECT_EQ(streamed.state.text, "Bonjour à tous");
  EXPECT_EQ(streamed.state.finish_reason, "stop");
  EXPECT_EQ(streamed.state.model, "gpt-x");
  EXPECT_EQ(streamed.state.usage.input_tokens, 9u);
  EXPECT_EQ(streamed.state.usage.output_tokens, 3u);
  EXPECT_TRUE(streamed.state.ended);
  EXPECT_TRUE(streamed.complete);
}

TEST(ResponseStream, AnthropicDeltasUsageAndEnd) {
  const Streamed streamed = stream_in_pieces(ProviderKind::anthropic, kAnthropicStream, {});
  EXPECT_EQ(streamed.deltas, (std::vector<std::string>{"Bon", "jour"}));
  EXPECT_EQ(streamed.state.finish_reason, "stop");
  EXPECT_EQ(streamed.state.model, "claude-x");
  EXPECT_EQ(streamed.state.usage.input_tokens, 25u);
  EXPECT_EQ(streamed.state.usage.output_tokens, 15u);
  EXPECT_TRUE(streamed.complete);
}

TEST(ResponseStream, ByteByByteAndRandomPiecesGiveTheSameText) {
  std::mt19937 generator(11);
  for (const auto& [kind, bytes] : {std::pair{ProviderKind::openai, kOpenAiStream},
                                    std::pair{ProviderKind::anthropic, kAnthropicStream}}) {
    const Streamed whole = stream_in_pieces(kind, bytes, {});
    const Streamed bytewise =
        stream_in_pieces(kind, bytes, std::vector<std::size_t>(bytes.size(), 1));
    EXPECT_EQ(bytewise.deltas, whole.deltas);
    EXPECT_EQ(bytewise.state.usage.output_tokens, whole.state.usage.output_tokens);
    for (int round = 0; round < 50; ++round) {
      std::vector<std::size_t> sizes;
      std::uniform_int_distribution<std::size_t> size(1, 40);
      for (std::size_t total = 0; total < bytes.size(); total += sizes.back()) {
        sizes.push_back(size(generator));
      }
      const Streamed random = stream_in_pieces(kind, bytes, sizes);
      EXPECT_EQ(random.deltas, whole.deltas);
      EXPECT_EQ(random.state.text, whole.state.text);
      EXPECT_EQ(random.state.finish_reason, whole.state.finish_reason);
    }
  }
}

TEST(ResponseStream, ACutStreamIsIncomplete) {
  const std::string_view cut = kOpenAiStream.substr(0, kOpenAiStream.find("\"à tous"));
  const Streamed streamed = stream_in_pieces(ProviderKind::openai, cut, {});
  EXPECT_FALSE(streamed.complete);
  EXPECT_EQ(streamed.state.text, "Bonjour ");
}

TEST(ResponseStream, ErrorEventsAreReported) {
  const Streamed anthropic = stream_in_pieces(
      ProviderKind::anthropic,
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":"
      "\"text_delta\",\"text\":\"Hi\"}}\n\n"
      "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      "\"message\":\"Overloaded\"}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":"
      "\"text_delta\",\"text\":\"ignored\"}}\n\n",
      {});
  EXPECT_EQ(anthropic.state.error, "Overloaded");
  EXPECT_EQ(anthropic.state.text, "Hi");
  const Streamed openai = stream_in_pieces(
      ProviderKind::openai, "data: {\"error\":{\"message\":\"server had an error\"}}\n\n", {});
  EXPECT_EQ(openai.state.error, "server had an error");
}

TEST(ResponseStream, RefusesEventsThatAreNotJson) {
  detail::ResponseStream stream(ProviderKind::openai);
  EXPECT_THROW(stream.feed("data: {\"choices\": [oops\n\n", {}), Error);
  detail::ResponseStream anthropic(ProviderKind::anthropic);
  EXPECT_THROW(anthropic.feed("event: ping\ndata: ping\n\n", {}), Error);
}

}  // namespace
}  // namespace hearth::remote
