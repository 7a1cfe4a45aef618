// The on-disk encoding of metadata values, read and written.
//
// A scalar is its little-endian bytes (bool is one byte, 0 or 1); a string is
// a u64 length and the bytes; an array is its element type (u32), its item
// count (u64) and the items, which may themselves be arrays.
#pragma once

#include <cstdint>
#include <string_view>

#include "byte_reader.h"
#include "byte_writer.h"
#include "hearth/gguf/file.h"
#include "hearth/gguf/value.h"

namespace hearth::gguf {

// The fewest bytes one value of `type` can take in a file, used to reject a
// count before anything is allocated for it.
std::uint64_t min_encoded_size(ValueType type) noexcept;

// Reads one value of `type` (already read and known valid) for metadata key
// `key`, which names it in errors. Array items are taken from
// `array_items_left`, the file's remaining share of max_total_array_items.
Value read_value(ByteReader& reader, ValueType type, const ReadLimits& limits, std::string_view key,
                 std::uint64_t& array_items_left);

// Throws Error(invalid_argument) for an array whose items do not all have its
// element type; `key` names the entry in that error.
void write_value(ByteWriter& writer, const Value& value, std::string_view key);

}  // namespace hearth::gguf
