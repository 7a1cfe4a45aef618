#include "value_codec.h"

#include <bit>
#include <type_traits>

#include "hearth/util/error.h"

namespace hearth::gguf {
namespace {

Value read_value_nested(ByteReader& reader, ValueType type, const ReadLimits& limits,
                        std::string_view key, std::uint64_t& array_items_left,
                        std::uint32_t enclosing_arrays);

Array read_array(ByteReader& reader, const ReadLimits& limits, std::string_view key,
                 std::uint64_t& array_items_left, std::uint32_t enclosing_arrays) {
  const std::uint32_t depth = enclosing_arrays + 1;
  const std::uint64_t start = reader.position();
  if (depth > limits.max_array_nesting) {
    reader.fail(ErrorKind::resource_exhausted, start,
                fmt::format("key '{}': arrays nested {} deep, over the limit of {}", key, depth,
                            limits.max_array_nesting));
  }
  const std::uint32_t element_id = reader.u32("an array element type");
  if (!is_valid_value_type(element_id)) {
    reader.fail(
        ErrorKind::invalid_data, start,
        fmt::format("key '{}': array element type {} is not a GGUF value type", key, element_id));
  }
  const auto element_type = static_cast<ValueType>(element_id);
  const std::uint64_t count_offset = reader.position();
  const std::uint64_t count = reader.u64("an array length");
  // Checked against the bytes left before anything is reserved, so a lying
  // count cannot make us allocate more than the file could hold.
  if (count > reader.remaining() / min_encoded_size(element_type)) {
    reader.fail(ErrorKind::invalid_data, count_offset,
                fmt::format("key '{}': array claims {} {} items but only {} bytes remain", key,
                            count, value_type_name(element_type), reader.remaining()));
  }
  if (count > limits.max_array_items) {
    reader.fail(ErrorKind::resource_exhausted, count_offset,
                fmt::format("key '{}': array of {} items is over the limit of {}", key, count,
                            limits.max_array_items));
  }
  if (count > array_items_left) {
    reader.fail(ErrorKind::resource_exhausted, count_offset,
                fmt::format("key '{}': array of {} items takes the metadata over its limit of {} "
                            "array items in all",
                            key, count, limits.max_total_array_items));
  }
  array_items_left -= count;
  Array array{element_type, {}};
  array.items.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    array.items.push_back(
        read_value_nested(reader, element_type, limits, key, array_items_left, depth));
  }
  return array;
}

Value read_value_nested(ByteReader& reader, ValueType type, const ReadLimits& limits,
                        std::string_view key, std::uint64_t& array_items_left,
                        std::uint32_t enclosing_arrays) {
  switch (type) {
    case ValueType::uint8:
      return reader.u8("a u8 value");
    case ValueType::int8:
      return std::bit_cast<std::int8_t>(reader.u8("an i8 value"));
    case ValueType::uint16:
      return reader.u16("a u16 value");
    case ValueType::int16:
      return std::bit_cast<std::int16_t>(reader.u16("an i16 value"));
    case ValueType::uint32:
      return reader.u32("a u32 value");
    case ValueType::int32:
      return std::bit_cast<std::int32_t>(reader.u32("an i32 value"));
    case ValueType::float32:
      return std::bit_cast<float>(reader.u32("an f32 value"));
    case ValueType::boolean: {
      const std::uint64_t start = reader.position();
      const std::uint8_t byte = reader.u8("a bool value");
      if (byte > 1) {
        reader.fail(ErrorKind::invalid_data, start,
                    fmt::format("key '{}': bool value {} is neither 0 nor 1", key, byte));
      }
      return byte == 1;
    }
    case ValueType::string:
      return std::string(reader.string("a string value", limits.max_string_bytes));
    case ValueType::array:
      return read_array(reader, limits, key, array_items_left, enclosing_arrays);
    case ValueType::uint64:
      return reader.u64("a u64 value");
    case ValueType::int64:
      return std::bit_cast<std::int64_t>(reader.u64("an i64 value"));
    case ValueType::float64:
      return std::bit_cast<double>(reader.u64("an f64 value"));
  }
  raise(ErrorKind::internal, "gguf: value type {} slipped past validation",
        static_cast<std::uint32_t>(type));
}

}  // namespace

std::uint64_t min_encoded_size(ValueType type) noexcept {
  switch (type) {
    case ValueType::uint8:
    case ValueType::int8:
    case ValueType::boolean:
      return 1;
    case ValueType::uint16:
    case ValueType::int16:
      return 2;
    case ValueType::uint32:
    case ValueType::int32:
    case ValueType::float32:
      return 4;
    case ValueType::uint64:
    case ValueType::int64:
    case ValueType::float64:
    case ValueType::string:  // the length alone
      return 8;
    case ValueType::array:  // element type and length
      return 12;
  }
  return 1;
}

Value read_value(ByteReader& reader, ValueType type, const ReadLimits& limits, std::string_view key,
                 std::uint64_t& array_items_left) {
  return read_value_nested(reader, type, limits, key, array_items_left, 0);
}

void write_value(ByteWriter& writer, const Value& value, std::string_view key) {
  std::visit(
      [&](const auto& item) {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, std::string>) {
          writer.string(item);
        } else if constexpr (std::is_same_v<T, Array>) {
          writer.u32(static_cast<std::uint32_t>(item.element_type));
          writer.u64(item.items.size());
          for (const Value& element : item.items) {
            if (element.type() != item.element_type) {
              raise(ErrorKind::invalid_argument, "gguf: key '{}': an array of {} holds a {} item",
                    key, value_type_name(item.element_type), value_type_name(element.type()));
            }
            write_value(writer, element, key);
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          writer.u8(item ? 1 : 0);
        } else if constexpr (sizeof(T) == 1) {
          writer.u8(std::bit_cast<std::uint8_t>(item));
        } else if constexpr (sizeof(T) == 2) {
          writer.u16(std::bit_cast<std::uint16_t>(item));
        } else if constexpr (sizeof(T) == 4) {
          writer.u32(std::bit_cast<std::uint32_t>(item));
        } else {
          static_assert(sizeof(T) == 8);
          writer.u64(std::bit_cast<std::uint64_t>(item));
        }
      },
      value.storage());
}

}  // namespace hearth::gguf
