// The model file embedded in the library at build time, so the recognizer
// works without any data files next to the binary. CMake passes the path in
// HEARTH_NAME_TAGGER_MODEL_PATH and rebuilds this file when the model changes.
#include <cstdint>
#include <span>

#include "name_recognizer.h"

#ifndef HEARTH_NAME_TAGGER_MODEL_PATH
#error "HEARTH_NAME_TAGGER_MODEL_PATH must name the model file to embed"
#endif

__asm__(
    ".section .rodata\n"
    ".balign 16\n"
    ".global hearth_name_tagger_model_begin\n"
    "hearth_name_tagger_model_begin:\n"
    ".incbin \"" HEARTH_NAME_TAGGER_MODEL_PATH
    "\"\n"
    ".global hearth_name_tagger_model_end\n"
    "hearth_name_tagger_model_end:\n"
    ".previous\n");

extern "C" const std::uint8_t hearth_name_tagger_model_begin[];
extern "C" const std::uint8_t hearth_name_tagger_model_end[];

namespace hearth::privacy {

const NameRecognizer& NameRecognizer::builtin() {
  static const NameRecognizer recognizer = from_bytes(std::span<const std::uint8_t>(
      hearth_name_tagger_model_begin,
      static_cast<std::size_t>(hearth_name_tagger_model_end - hearth_name_tagger_model_begin)));
  return recognizer;
}

}  // namespace hearth::privacy
