// Hand-assembled GGUF bytes, for the files the Writer rightly refuses to make.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hearth/gguf/value.h"

namespace hearth::testing {

// Where the fields of one hand-written tensor info start.
struct TensorInfoFields {
  std::uint64_t name = 0;
  std::uint64_t dimension_count = 0;
  std::uint64_t type = 0;
  std::uint64_t offset = 0;
};

class RawGguf {
 public:
  // Magic, version and the two counts: 24 bytes.
  RawGguf(std::uint32_t version, std::uint64_t tensor_count, std::uint64_t entry_count) {
    text("GGUF");
    u32(version);
    u64(tensor_count);
    u64(entry_count);
  }

  std::uint64_t size() const { return bytes_.size(); }
  const std::vector<std::byte>& bytes() const { return bytes_; }

  void u8(std::uint8_t value) { little_endian(value, 1); }
  void u32(std::uint32_t value) { little_endian(value, 4); }
  void u64(std::uint64_t value) { little_endian(value, 8); }
  void text(std::string_view raw) {
    for (const char c : raw) bytes_.push_back(static_cast<std::byte>(c));
  }
  void string(std::string_view value) {
    u64(value.size());
    text(value);
  }
  void type(gguf::ValueType value_type) { u32(static_cast<std::uint32_t>(value_type)); }

  void entry_u8(std::string_view key, std::uint8_t value) {
    string(key);
    type(gguf::ValueType::uint8);
    u8(value);
  }
  void entry_u32(std::string_view key, std::uint32_t value) {
    string(key);
    type(gguf::ValueType::uint32);
    u32(value);
  }

  TensorInfoFields tensor_info(std::string_view name, const std::vector<std::uint64_t>& shape,
                               std::uint32_t type_id, std::uint64_t offset) {
    TensorInfoFields fields;
    fields.name = size();
    string(name);
    fields.dimension_count = size();
    u32(static_cast<std::uint32_t>(shape.size()));
    for (const std::uint64_t extent : shape) u64(extent);
    fields.type = size();
    u32(type_id);
    fields.offset = size();
    u64(offset);
    return fields;
  }

  void pad_to(std::uint64_t alignment) {
    while (size() % alignment != 0) u8(0);
  }
  void zeros(std::uint64_t count) { bytes_.resize(bytes_.size() + count, std::byte{0}); }

 private:
  void little_endian(std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) bytes_.push_back(static_cast<std::byte>(value >> (8 * i)));
  }

  std::vector<std::byte> bytes_;
};

}  // namespace hearth::testing
