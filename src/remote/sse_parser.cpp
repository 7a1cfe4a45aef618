#include "sse_parser.h"

#include "hearth/util/error.h"

namespace hearth::remote::detail {

void SseParser::feed(std::string_view bytes, const EventHandler& on_event) {
  while (!bytes.empty()) {
    if (after_cr_) {
      after_cr_ = false;
      if (bytes.front() == '\n') {
        bytes.remove_prefix(1);
        continue;
      }
    }
    const std::size_t end = bytes.find_first_of("\r\n");
    if (end == std::string_view::npos) {
      if (line_.size() + bytes.size() > kMaxLineBytes) {
        raise(ErrorKind::invalid_data, "an event stream line is longer than {} bytes",
              kMaxLineBytes);
      }
      line_.append(bytes);
      return;
    }
    after_cr_ = bytes[end] == '\r';
    if (line_.size() + end > kMaxLineBytes) {
      raise(ErrorKind::invalid_data, "an event stream line is longer than {} bytes", kMaxLineBytes);
    }
    if (line_.empty()) {
      take_line(bytes.substr(0, end), on_event);
    } else {
      line_.append(bytes.substr(0, end));
      const std::string line = std::move(line_);
      line_.clear();
      take_line(line, on_event);
    }
    bytes.remove_prefix(end + 1);
  }
}

void SseParser::finish(const EventHandler& on_event) {
  // A line cut off by the end of the stream may be any prefix of what was
  // meant: dropped.
  line_.clear();
  after_cr_ = false;
  dispatch(on_event);
}

void SseParser::take_line(std::string_view line, const EventHandler& on_event) {
  if (line.empty()) return dispatch(on_event);
  if (line.front() == ':') return;
  std::string_view field = line;
  std::string_view value;
  if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (data_.size() + value.size() > kMaxLineBytes) {
      raise(ErrorKind::invalid_data, "an event's data is longer than {} bytes", kMaxLineBytes);
    }
    if (has_data_) data_ += '\n';
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    type_.assign(value);
  }
  // "id", "retry" and unknown fields mean nothing to a single response.
}

void SseParser::dispatch(const EventHandler& on_event) {
  if (!has_data_) {
    type_.clear();
    return;
  }
  SseEvent event{std::move(type_), std::move(data_)};
  type_.clear();
  data_.clear();
  has_data_ = false;
  on_event(event);
}

}  // namespace hearth::remote::detail
