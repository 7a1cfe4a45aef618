#include "space_escaping.h"

namespace hearth::tokenizer::detail {
namespace {

// `text` with each `from` replaced by `to`, after `prefix`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to,
                        std::string_view prefix) {
  std::string replaced;
  replaced.reserve(prefix.size() + text.size() + text.size() / 2);
  replaced += prefix;
  std::size_t start = 0;
  for (std::size_t match = text.find(from); match != std::string_view::npos;
       match = text.find(from, start)) {
    replaced.append(text, start, match - start);
    replaced += to;
    start = match + from.size();
  }
  replaced.append(text, start);
  return replaced;
}

}  // namespace

std::string escape_spaces(std::string_view text, bool prefix_space) {
  return replace_all(text, " ", kEscapedSpace, prefix_space ? kEscapedSpace : "");
}

std::string unescape_spaces(std::string_view text) {
  return replace_all(text, kEscapedSpace, " ", "");
}

}  // namespace hearth::tokenizer::detail
