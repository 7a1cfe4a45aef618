// Python's json.dumps of template values: what `tojson` writes.
//
// Hugging Face replaces jinja2's tojson with json.dumps(value,
// ensure_ascii=False, indent=..., separators=..., sort_keys=...), so tool
// schemas reach the model exactly as Python writes them: ", " and ": "
// between items, floats as repr(), non-ASCII text as is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "value.h"

namespace hearth::chat::jinja {

struct JsonDumpOptions {
  bool ensure_ascii = false;
  // None: everything on one line; otherwise a newline before each item,
  // indented by this text once per level.
  std::optional<std::string> indent;
  // Python's defaults: ", " without indent, "," with it.
  std::optional<std::string> item_separator;
  std::string key_separator = ": ";
  bool sort_keys = false;
  // Longer output throws Error(resource_exhausted).
  std::size_t max_bytes = SIZE_MAX;
};

// Throws Error(invalid_argument) for what json.dumps cannot serialize
// (undefined, callables, namespaces), Error(resource_exhausted) past
// options.max_bytes.
std::string json_dumps(const Value& value, const JsonDumpOptions& options);

}  // namespace hearth::chat::jinja
