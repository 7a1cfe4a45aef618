#include "exchange.h"

#include <fmt/format.h>

#include <string>

#include "hearth/util/error.h"
#include "socket_io.h"

namespace hearth::http {
namespace {

void check_answer(int status, const std::vector<Header>& headers) {
  if (status < 200 || status > 599) {
    raise(ErrorKind::invalid_argument, "HTTP status {} is not a final status (200-599)", status);
  }
  check_response_headers(headers);
}

}  // namespace

Framing ConnectionExchange::framing_for(int status, Framing::Body body) {
  Framing framing;
  framing.body = status_has_body(status) ? body : Framing::Body::none;
  closes_ = setup_.close || setup_.stopping->load() || framing.body == Framing::Body::until_close;
  framing.close = closes_;
  framing.keep_alive_10 = setup_.http_10 && !closes_;
  return framing;
}

bool ConnectionExchange::send(std::initializer_list<std::string_view> pieces) {
  if (broken_) return false;
  if (!send_all(setup_.fd, pieces, setup_.write_timeout)) broken_ = true;
  return !broken_;
}

bool ConnectionExchange::respond(const Response& response) {
  if (state_ != State::unanswered) return false;
  check_answer(response.status, response.headers);
  Framing framing = framing_for(response.status, Framing::Body::content_length);
  framing.content_length = response.body.size();
  const std::string head = response_head(response.status, response.headers, framing);
  state_ = State::responded;
  const bool send_body = framing.body != Framing::Body::none && !setup_.head;
  return send({head, send_body ? std::string_view(response.body) : std::string_view()});
}

bool ConnectionExchange::start_stream(int status, const std::vector<Header>& headers) {
  if (state_ != State::unanswered) return false;
  check_answer(status, headers);
  const Framing framing =
      framing_for(status, setup_.http_10 ? Framing::Body::until_close : Framing::Body::chunked);
  chunked_ = framing.body == Framing::Body::chunked;
  body_allowed_ = framing.body != Framing::Body::none && !setup_.head;
  state_ = State::streaming;
  return send({response_head(status, headers, framing)});
}

bool ConnectionExchange::write(std::string_view data) {
  if (state_ != State::streaming || broken_) return false;
  if (data.empty()) return true;
  if (!body_allowed_) return !client_gone();
  if (!chunked_) return send({data});
  const std::string size_line = fmt::format("{:x}\r\n", data.size());
  return send({size_line, data, "\r\n"});
}

bool ConnectionExchange::finish() {
  if (state_ != State::streaming) return false;
  state_ = State::finished;
  if (chunked_ && body_allowed_) return send({"0\r\n\r\n"});
  return !broken_;
}

bool ConnectionExchange::client_gone() {
  if (!broken_ && peer_gone(setup_.fd)) broken_ = true;
  return broken_;
}

bool ConnectionExchange::server_stopping() const {
  return setup_.stopping->load();
}

}  // namespace hearth::http
