#include "json_dumps.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hearth/util/error.h"
#include "python_text.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

class JsonWriter {
 public:
  explicit JsonWriter(const JsonDumpOptions& options)
      : options_(options),
        item_separator_(options.item_separator.value_or(options.indent ? "," : ", ")) {}

  void write(const Value& value, std::size_t depth) {
    if (out_.size() > options_.max_bytes) {
      raise(ErrorKind::resource_exhausted, "tojson output is over {} bytes", options_.max_bytes);
    }
    switch (value.kind()) {
      case Value::Kind::none:
        out_ += "null";
        return;
      case Value::Kind::boolean:
        out_ += value.as_boolean() ? "true" : "false";
        return;
      case Value::Kind::integer:
        out_ += fmt::format("{}", value.as_integer());
        return;
      case Value::Kind::floating:
        write_float(value.as_floating());
        return;
      case Value::Kind::string:
        write_string(value.as_string());
        return;
      case Value::Kind::array:
        write_array(value.as_array(), depth);
        return;
      case Value::Kind::dict:
        write_dict(value.as_dict(), depth);
        return;
      default:
        raise(ErrorKind::invalid_argument, "Object of type {} is not JSON serializable",
              value.type_name());
    }
  }

  std::string take() {
    if (out_.size() > options_.max_bytes) {
      raise(ErrorKind::resource_exhausted, "tojson output is over {} bytes", options_.max_bytes);
    }
    return std::move(out_);
  }

 private:
  void write_float(double value) {
    if (std::isnan(value)) {
      out_ += "NaN";
    } else if (std::isinf(value)) {
      out_ += value > 0 ? "Infinity" : "-Infinity";
    } else {
      out_ += float_repr(value);
    }
  }

  void write_string(std::string_view text) {
    out_ += '"';
    for (std::size_t position = 0; position < text.size();) {
      const std::size_t start = position;
      const char32_t c = decode_utf8(text, position);
      switch (c) {
        case U'"':
          out_ += "\\\"";
          continue;
        case U'\\':
          out_ += "\\\\";
          continue;
        case U'\n':
          out_ += "\\n";
          continue;
        case U'\r':
          out_ += "\\r";
          continue;
        case U'\t':
          out_ += "\\t";
          continue;
        case U'\b':
          out_ += "\\b";
          continue;
        case U'\f':
          out_ += "\\f";
          continue;
        default:
          break;
      }
      if (c < 0x20 || (options_.ensure_ascii && c > 0x7E)) {
        write_escaped(c);
      } else {
        out_.append(text.substr(start, position - start));
      }
    }
    out_ += '"';
  }

  // \uXXXX, with a surrogate pair beyond the Basic Multilingual Plane.
  void write_escaped(char32_t c) {
    if (c > 0xFFFF) {
      const char32_t offset = c - 0x10000;
      out_ += fmt::format("\\u{:04x}\\u{:04x}", static_cast<unsigned>(0xD800 | (offset >> 10)),
                          static_cast<unsigned>(0xDC00 | (offset & 0x3FF)));
    } else {
      out_ += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    }
  }

  void check_depth(std::size_t depth) const {
    if (depth >= kMaxNesting) {
      raise(ErrorKind::resource_exhausted, "values nested more than {} deep cannot be serialized",
            kMaxNesting);
    }
  }

  void newline(std::size_t depth) {
    out_ += '\n';
    for (std::size_t i = 0; i < depth; ++i) out_ += *options_.indent;
  }

  void write_array(const Array& array, std::size_t depth) {
    check_depth(depth);
    if (array.items.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    for (std::size_t i = 0; i < array.items.size(); ++i) {
      if (i > 0) out_ += item_separator_;
      if (options_.indent) newline(depth + 1);
      write(array.items[i], depth + 1);
    }
    if (options_.indent) newline(depth);
    out_ += ']';
  }

  void write_dict(const Dict& dict, std::size_t depth) {
    check_depth(depth);
    if (dict.empty()) {
      out_ += "{}";
      return;
    }
    std::vector<const Dict::Entry*> entries;
    entries.reserve(dict.size());
    for (const Dict::Entry& entry : dict.entries()) entries.push_back(&entry);
    // Python orders str keys by code point, which is the byte order of UTF-8.
    if (options_.sort_keys) {
      std::stable_sort(
          entries.begin(), entries.end(),
          [](const Dict::Entry* a, const Dict::Entry* b) { return a->first < b->first; });
    }
    out_ += '{';
    bool first = true;
    for (const Dict::Entry* entry : entries) {
      if (!first) out_ += item_separator_;
      first = false;
      if (options_.indent) newline(depth + 1);
      write_string(entry->first);
      out_ += options_.key_separator;
      write(entry->second, depth + 1);
    }
    if (options_.indent) newline(depth);
    out_ += '}';
  }

  const JsonDumpOptions& options_;
  std::string item_separator_;
  std::string out_;
};

}  // namespace

std::string json_dumps(const Value& value, const JsonDumpOptions& options) {
  JsonWriter writer(options);
  writer.write(value, 0);
  return writer.take();
}

}  // namespace hearth::chat::jinja
