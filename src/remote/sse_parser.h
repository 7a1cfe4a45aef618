// The framing of server-sent events (the WHATWG "event stream" format), fed
// in pieces as they arrive: lines end in "\n", "\r\n" or "\r" (a "\r\n" may
// be split between pieces), lines starting with ':' are comments, "data"
// fields of one event are joined with "\n", and a blank line ends an event.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace hearth::remote::detail {

struct SseEvent {
  std::string type;  // the "event" field; empty when none was given ("message")
  std::string data;

  bool operator==(const SseEvent&) const = default;
};

class SseParser {
 public:
  using EventHandler = std::function<void(const SseEvent& event)>;

  // A line longer than this is refused: a stream is a sequence of small
  // events, and an endless line would otherwise grow without bound.
  static constexpr std::size_t kMaxLineBytes = 8u << 20;

  // Parses `bytes`; `on_event` gets every event they complete, in order.
  // Throws Error(invalid_data) for a line above kMaxLineBytes; an exception
  // from `on_event` leaves the parser unusable.
  void feed(std::string_view bytes, const EventHandler& on_event);

  // The stream ended. An event whose blank line never came is delivered
  // anyway (servers that end the stream right after the last data line); a
  // line without its end is dropped.
  void finish(const EventHandler& on_event);

 private:
  void take_line(std::string_view line, const EventHandler& on_event);
  void dispatch(const EventHandler& on_event);

  std::string line_;       // a line whose end has not arrived yet
  bool after_cr_ = false;  // the last byte was '\r': a '\n' next belongs to it
  std::string type_;
  std::string data_;
  bool has_data_ = false;
};

}  // namespace hearth::remote::detail
