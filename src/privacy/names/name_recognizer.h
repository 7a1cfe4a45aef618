// Names of people, organizations, locations and street addresses: a small
// averaged-perceptron sequence tagger (trained by hearth_train_names on data
// the project generates itself; the model is embedded in the library)
// combined with rules.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy {

class NameRecognizer {
 public:
  // The model built into the library (data/privacy/names/name_tagger.bin).
  static const NameRecognizer& builtin();
  // A model from its serialized bytes; throws Error(invalid_data) on a
  // malformed model.
  static NameRecognizer from_bytes(std::span<const std::uint8_t> model);

  ~NameRecognizer();
  NameRecognizer(NameRecognizer&&) noexcept;
  NameRecognizer& operator=(NameRecognizer&&) noexcept;

  // Appends PERSON, ORGANIZATION, LOCATION and ADDRESS detections in text to
  // out. Thread-safe; any bytes are accepted.
  void find(std::string_view text, Detections& out) const;

 private:
  struct Impl;
  explicit NameRecognizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::privacy
