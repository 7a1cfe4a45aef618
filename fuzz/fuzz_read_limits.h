// GGUF read limits for the fuzz targets: small enough that each input stays
// fast, large enough to reach every check of the reader.
#pragma once

#include "hearth/gguf/file.h"

namespace hearth::fuzzing {

inline gguf::ReadLimits fuzz_read_limits() {
  gguf::ReadLimits limits;
  limits.max_string_bytes = 4096;
  limits.max_array_items = 4096;
  limits.max_total_array_items = 16384;
  limits.max_metadata_entries = 256;
  limits.max_tensors = 256;
  limits.max_array_nesting = 4;
  return limits;
}

}  // namespace hearth::fuzzing
