#include "error_body.h"

#include <nlohmann/json.hpp>

namespace hearth::remote::detail {
namespace {

std::string message_of(std::string_view body) {
  const nlohmann::json root = nlohmann::json::parse(body, nullptr, false);
  if (!root.is_object()) return std::string(body);
  const auto error = root.find("error");
  if (error == root.end()) return std::string(body);
  if (error->is_string()) return error->get<std::string>();
  if (error->is_object()) {
    const auto message = error->find("message");
    if (message != error->end() && message->is_string()) return message->get<std::string>();
  }
  return std::string(body);
}

}  // namespace

std::string printable_excerpt(std::string_view text, std::size_t max_bytes) {
  bool cut = false;
  if (text.size() > max_bytes) {
    std::size_t end = max_bytes;
    // Back up over UTF-8 continuation bytes so no character is split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  std::string excerpt(text);
  for (char& c : excerpt) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = ' ';
  }
  while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
  if (cut) excerpt += "…";
  return excerpt;
}

std::string provider_error_message(std::string_view body) {
  return printable_excerpt(message_of(body), kMaxErrorMessageBytes);
}

}  // namespace hearth::remote::detail
