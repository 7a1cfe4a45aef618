#include "recognizer_test_support.h"

namespace hearth::privacy::test {

const StructuredRecognizer& shared_recognizer() {
  static const StructuredRecognizer recognizer;
  return recognizer;
}

Detections find_all(std::string_view text) {
  Detections out;
  shared_recognizer().find(text, out);
  return out;
}

std::vector<std::string> found_texts(std::string_view text, EntityType type) {
  std::vector<std::string> texts;
  for (const Detection& d : find_all(text))
    if (d.type == type && d.confidence >= 0.5f)
      texts.emplace_back(text.substr(d.begin, d.end - d.begin));
  return texts;
}

std::optional<Detection> detection_of(std::string_view text, EntityType type,
                                      std::string_view value) {
  const std::size_t at = text.find(value);
  if (at == std::string_view::npos) return std::nullopt;
  for (const Detection& d : find_all(text))
    if (d.type == type && d.begin == at && d.end == at + value.size()) return d;
  return std::nullopt;
}

bool reported(std::string_view text, EntityType type, std::string_view value) {
  const auto detection = detection_of(text, type, value);
  return detection && detection->confidence >= 0.5f;
}

}  // namespace hearth::privacy::test
